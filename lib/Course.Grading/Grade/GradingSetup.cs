using Course.Grading.Sandbox;

namespace Course.Grading.Grade;

/// <summary>What every submission of one grading run shares: the isolation, the sandbox's view (from the key) and the limits.</summary>
public sealed record GradingSetup(Isolation Isolation, SandboxView View, Limits Limits);
