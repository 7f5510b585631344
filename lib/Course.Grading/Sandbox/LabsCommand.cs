namespace Course.Grading.Sandbox;

/// <summary>How to start the <c>labs</c> executable: a file and the arguments that come before the command.</summary>
public sealed record LabsCommand(string FileName, IReadOnlyList<string> PrefixArguments);
