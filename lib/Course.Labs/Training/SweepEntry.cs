namespace Course.Labs.Training;

/// <summary>One finished configuration of a <see cref="HyperparameterSweep"/>: the two values tried and the score.</summary>
public sealed record SweepEntry(double Row, double Column, double Score, double Seconds);
