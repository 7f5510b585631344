namespace Course.Labs.Evaluation.ReId;

/// <summary>
/// The figures of one re-identification evaluation: CMC curve (index 0 = rank 1), mean average precision and
/// mean inverse negative penalty over the queries that had at least one valid match.
/// </summary>
/// <param name="Cmc">CMC[r-1] = fraction of valid queries whose first correct match is at rank r or better.</param>
/// <param name="MeanAP">Mean over valid queries of AP = mean over hits of (hits so far / rank).</param>
/// <param name="MeanInp">Mean over valid queries of INP = number of hits / rank of the last hit (fast-reid's mINP).</param>
/// <param name="ValidQueries">Queries kept; a query without any valid match is skipped, as torchreid does.</param>
public sealed record ReIdResult(double[] Cmc, double MeanAP, double MeanInp, int ValidQueries)
{
    /// <summary>CMC at rank <paramref name="rank"/> (1-based), e.g. <c>Rank(1)</c> is rank-1 accuracy.</summary>
    public double Rank(int rank)
    {
        if (rank < 1 || rank > Cmc.Length)
            throw new ArgumentOutOfRangeException(nameof(rank), rank, $"rank must be in 1..{Cmc.Length}.");
        return Cmc[rank - 1];
    }

    public override string ToString()
        => $"R1 {Rank(1):P1}  R5 {(Cmc.Length >= 5 ? Rank(5) : double.NaN):P1}  mAP {MeanAP:P1}  mINP {MeanInp:P1}  ({ValidQueries} queries)";
}
