using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Labs.Evaluation.ReId;

/// <summary>
/// CMC, mAP and mINP with the Market-1501 protocol, as torchreid's <c>eval_market1501</c> computes them
/// (reid-strong-baseline's <c>eval_func</c> is the same; mINP as fast-reid adds it).
/// </summary>
/// <remarks>
/// torchreid, per query <c>q</c>:
/// <code>
/// order = np.argsort(distmat[q])                               # (1) rank the gallery by distance
/// matches = (g_pids[order] == q_pid)
/// remove = (g_pids[order] == q_pid) &amp; (g_camids[order] == q_camid)
/// keep = np.invert(remove)                                      # (2) drop same pid AND same camera
/// raw_cmc = matches[q][keep]
/// if not np.any(raw_cmc): continue                              # (3) skip queries with no valid match
/// cmc = raw_cmc.cumsum(); cmc[cmc > 1] = 1                      # (4) CMC: 1 from the first hit on
/// all_cmc.append(cmc[:max_rank]); num_valid_q += 1.
/// num_rel = raw_cmc.sum()                                       # (5) AP = mean over hits of precision at the hit
/// tmp_cmc = raw_cmc.cumsum(); tmp_cmc = [x / (i + 1.) for i, x in enumerate(tmp_cmc)]
/// AP = (np.asarray(tmp_cmc) * raw_cmc).sum() / num_rel
/// INP = cmc_count_at_last_hit / (last_hit_index + 1)           # (6) fast-reid's mINP
/// </code>
/// Only the ranks of the hits matter, so instead of sorting the whole gallery row this code finds the hits, sorts
/// those few, and counts how many kept gallery items sort before each one: the same ranks as (1)-(2), in O(G)
/// per query instead of O(G log G). The steps keep torchreid's numbers in comments.
/// Quirks, named:
/// <list type="bullet">
/// <item>Ties: <c>np.argsort</c> is quicksort (not stable); here the order is stable, by (distance, gallery index).</item>
/// <item>Junk: only "same pid AND same camera" is removed; distractors (pid 0) are ordinary non-matches.</item>
/// <item>max_rank: lowered to the gallery size when the gallery is smaller, as torchreid does (it prints a warning).
/// A query with fewer than max_rank kept items keeps CMC 1 past its last item (torchreid's Python version would
/// build a ragged array there).</item>
/// </list>
/// </remarks>
public static class Market1501Evaluation
{
    /// <summary>torchreid's default <c>max_rank</c>.</summary>
    public const int DefaultMaxRank = 50;

    /// <summary>Evaluates a query x gallery distance matrix (smaller = more similar).</summary>
    public static ReIdResult Evaluate(float[,] distmat, IReadOnlyList<int> queryPids, IReadOnlyList<int> galleryPids,
        IReadOnlyList<int> queryCamids, IReadOnlyList<int> galleryCamids, int maxRank = DefaultMaxRank)
    {
        ArgumentNullException.ThrowIfNull(distmat);
        int numQ = distmat.GetLength(0), numG = distmat.GetLength(1);
        return Evaluate(numQ, numG, q => RowOf(distmat, q, numG), queryPids, galleryPids, queryCamids, galleryCamids, maxRank);
    }

    /// <summary>Evaluates a row-major query x gallery distance matrix held in one array of length numQ * numG.</summary>
    public static ReIdResult Evaluate(float[] distmat, IReadOnlyList<int> queryPids, IReadOnlyList<int> galleryPids,
        IReadOnlyList<int> queryCamids, IReadOnlyList<int> galleryCamids, int maxRank = DefaultMaxRank)
    {
        ArgumentNullException.ThrowIfNull(distmat);
        ArgumentNullException.ThrowIfNull(queryPids);
        ArgumentNullException.ThrowIfNull(galleryPids);
        int numQ = queryPids.Count, numG = galleryPids.Count;
        if (distmat.Length != (long)numQ * numG)
            throw new ArgumentException(
                $"distmat has {distmat.Length} values; expected queryPids.Count x galleryPids.Count = {numQ} x {numG}.", nameof(distmat));
        return Evaluate(numQ, numG, q => distmat.AsSpan(q * numG, numG), queryPids, galleryPids, queryCamids, galleryCamids, maxRank);
    }

    /// <summary>Evaluates a 2-D distance tensor of shape [numQ, numG] (copied to the CPU as float32).</summary>
    public static ReIdResult Evaluate(Tensor distmat, IReadOnlyList<int> queryPids, IReadOnlyList<int> galleryPids,
        IReadOnlyList<int> queryCamids, IReadOnlyList<int> galleryCamids, int maxRank = DefaultMaxRank)
    {
        ArgumentNullException.ThrowIfNull(distmat);
        if (distmat.dim() != 2)
            throw new ArgumentException($"distmat must be 2-D [numQ, numG]; got shape [{string.Join(", ", distmat.shape)}].", nameof(distmat));
        ArgumentNullException.ThrowIfNull(queryPids);
        ArgumentNullException.ThrowIfNull(galleryPids);
        int numQ = (int)distmat.shape[0], numG = (int)distmat.shape[1];
        if (queryPids.Count != numQ || galleryPids.Count != numG)
            throw new ArgumentException(
                $"distmat is [{numQ}, {numG}] but there are {queryPids.Count} query and {galleryPids.Count} gallery pids.", nameof(distmat));
        // one native copy into a managed array (from_array shares its memory), not an element-by-element read
        var values = new float[(long)numQ * numG];
        using (var shared = from_array(values))
        using (var flat = distmat.detach().reshape(-1))
            shared.copy_(flat);
        return Evaluate(values, queryPids, galleryPids, queryCamids, galleryCamids, maxRank);
    }

    private delegate ReadOnlySpan<float> RowOfQuery(int query);

    private static ReadOnlySpan<float> RowOf(float[,] matrix, int row, int columns)
        => MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<byte, float>(ref MemoryMarshal.GetArrayDataReference(matrix)), matrix.Length)
            .Slice(row * columns, columns);

    private static ReIdResult Evaluate(int numQ, int numG, RowOfQuery rows, IReadOnlyList<int> queryPids,
        IReadOnlyList<int> galleryPids, IReadOnlyList<int> queryCamids, IReadOnlyList<int> galleryCamids, int maxRank)
    {
        CheckLength(queryPids, numQ, nameof(queryPids), "distmat rows");
        CheckLength(queryCamids, numQ, nameof(queryCamids), "distmat rows");
        CheckLength(galleryPids, numG, nameof(galleryPids), "distmat columns");
        CheckLength(galleryCamids, numG, nameof(galleryCamids), "distmat columns");
        if (maxRank < 1) throw new ArgumentOutOfRangeException(nameof(maxRank), maxRank, "maxRank must be at least 1.");
        if (numQ == 0 || numG == 0) throw new ArgumentException("distmat has no queries or no gallery items.", "distmat");
        // torchreid: if num_g < max_rank: max_rank = num_g
        maxRank = Math.Min(maxRank, numG);

        int[] gPids = [.. galleryPids], gCams = [.. galleryCamids];
        var outcomes = new QueryOutcome[numQ];
        Parallel.For(0, numQ, q => outcomes[q] = EvaluateQuery(rows(q), queryPids[q], queryCamids[q], gPids, gCams));

        // Aggregate in query order, so the sums do not depend on the thread schedule.
        var firstHitCount = new long[maxRank];
        double sumAP = 0, sumInp = 0;
        int numValid = 0;
        foreach (var o in outcomes)
        {
            if (!o.Valid) continue;                          // (3) query has no valid match: skipped
            numValid++;
            if (o.FirstHitRank <= maxRank) firstHitCount[o.FirstHitRank - 1]++;
            sumAP += o.AP;
            sumInp += o.Inp;
        }
        if (numValid == 0)
            throw new InvalidOperationException("Error: all query identities do not appear in gallery (torchreid's assertion).");

        // all_cmc.sum(0) / num_valid_q: the CMC of one query is 1 from its first hit on, so the mean is a running count.
        var cmc = new double[maxRank];
        long reached = 0;
        for (int r = 0; r < maxRank; r++)
        {
            reached += firstHitCount[r];
            cmc[r] = (double)reached / numValid;
        }
        return new ReIdResult(cmc, sumAP / numValid, sumInp / numValid, numValid);
    }

    private readonly record struct QueryOutcome(bool Valid, int FirstHitRank, double AP, double Inp);

    /// <summary>One query: the 1-based rank, among the kept gallery items in (distance, index) order, of each hit.</summary>
    private static QueryOutcome EvaluateQuery(ReadOnlySpan<float> dist, int qPid, int qCam, int[] gPids, int[] gCams)
    {
        // (2) hits = matches that are kept: same pid, different camera.
        var hits = new List<int>();
        for (int g = 0; g < gPids.Length; g++)
            if (gPids[g] == qPid && gCams[g] != qCam) hits.Add(g);
        if (hits.Count == 0) return default;                 // (3) if not np.any(raw_cmc): continue

        // (1) the hits in ranking order: by distance, ties by gallery index (a stable sort).
        var hitKeys = new float[hits.Count];
        var hitIdx = hits.ToArray();
        for (int i = 0; i < hitIdx.Length; i++) hitKeys[i] = dist[hitIdx[i]];
        Array.Sort(hitKeys, hitIdx);                         // unstable on equal keys: fixed just below
        SortTiesByIndex(hitKeys, hitIdx);

        // (1)+(2) kept non-matches (pid differs) that sort before each hit: before[m] counts those that sort
        // after exactly m hits. Same pid means either a hit or a removed same-camera item, so neither counts here.
        int h = hitIdx.Length;
        var before = new int[h + 1];
        float lastKey = hitKeys[h - 1];
        int lastIdx = hitIdx[h - 1];
        for (int g = 0; g < dist.Length; g++)
        {
            if (gPids[g] == qPid) continue;
            float d = dist[g];
            if (d > lastKey || (d == lastKey && g > lastIdx)) continue;   // after every hit: does not move any rank
            before[HitsBefore(hitKeys, hitIdx, d, g)]++;
        }

        // rank of hit j (0-based j) = j hits before it + the non-matches before it + 1.
        double apSum = 0;
        int nonMatchesBefore = 0, firstRank = 0, rank = 0;
        for (int j = 0; j < h; j++)
        {
            nonMatchesBefore += before[j];
            rank = j + 1 + nonMatchesBefore;
            if (j == 0) firstRank = rank;                    // (4) cmc becomes 1 at the first hit
            apSum += (j + 1.0) / rank;                       // (5) tmp_cmc[i] = hits so far / (i + 1), at each hit
        }
        // (5) AP = sum / num_rel;  (6) INP = num_rel / rank of the last hit.
        return new QueryOutcome(true, firstRank, apSum / h, (double)h / rank);
    }

    /// <summary>Number of hits that sort strictly before gallery item (d, g) in (distance, index) order.</summary>
    private static int HitsBefore(float[] hitKeys, int[] hitIdx, float d, int g)
    {
        int lo = 0, hi = hitKeys.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (hitKeys[mid] < d || (hitKeys[mid] == d && hitIdx[mid] < g)) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private static void SortTiesByIndex(float[] keys, int[] idx)
    {
        for (int start = 0; start < keys.Length;)
        {
            int end = start + 1;
            while (end < keys.Length && keys[end] == keys[start]) end++;
            if (end - start > 1) Array.Sort(idx, start, end - start);
            start = end;
        }
    }

    private static void CheckLength<T>(IReadOnlyList<T> list, int expected, string name, string what)
    {
        ArgumentNullException.ThrowIfNull(list, name);
        if (list.Count != expected)
            throw new ArgumentException($"{name} has {list.Count} entries; {what} = {expected}.", name);
    }
}
