// Placeholder entry point; the real CLI is built in lib/Course.Cli (issue 3).
return 0;
