using Course.Labs.Runtime;

namespace Course.Labs.Data;

/// <summary>
/// Deterministic subsets and splits: the same seed gives the same indices on every machine (System.Random with
/// a seed is stable across .NET versions), another seed gives others. Results are index arrays in ascending order.
/// </summary>
public static class Splits
{
    /// <summary>
    /// Disjoint stratified samples: part <c>k</c> holds <c>perClass[k]</c> items of every class, e.g.
    /// <c>[200, 100]</c> gives the seeds' 2,000-image training and 1,000-image test subsets of MNIST.
    /// </summary>
    public static int[][] StratifiedCounts(IReadOnlyList<int> labels, IReadOnlyList<int> perClass, int seed)
    {
        var needed = perClass.Sum();
        var byClass = ShuffledByClass(labels, seed);
        foreach (var (label, members) in byClass)
            if (members.Count < needed)
                throw new ArgumentException($"Class {label} has {members.Count} items, fewer than the {needed} asked for ({string.Join(" + ", perClass)}).");
        return perClass.Select((count, part) =>
        {
            var start = perClass.Take(part).Sum();
            return byClass.Values.SelectMany(members => members.Skip(start).Take(count)).Order().ToArray();
        }).ToArray();
    }

    /// <summary>
    /// Splits the indices 0..labels.Count-1 into parts of the given <paramref name="fractions"/> (summing to 1),
    /// e.g. <c>[0.6, 0.1, 0.3]</c> for train/validation/test. Stratified: each class is split in those fractions,
    /// so every part keeps the class proportions; otherwise a plain random split (PyTorch's <c>random_split</c>).
    /// </summary>
    public static int[][] ByFractions(IReadOnlyList<int> labels, IReadOnlyList<double> fractions, int seed, bool stratified = true)
    {
        if (fractions.Count == 0 || fractions.Any(f => f < 0) || Math.Abs(fractions.Sum() - 1) > 1e-6)
            throw new ArgumentException($"Fractions must be non-negative and sum to 1, got {string.Join(", ", fractions)}.");
        var groups = stratified
            ? ShuffledByClass(labels, seed).Values.ToList()
            : [Shuffled(Enumerable.Range(0, labels.Count).ToList(), Reproducibility.Random(seed))];
        var parts = fractions.Select(_ => new List<int>()).ToArray();
        foreach (var members in groups)
        {
            var cumulative = 0.0;
            var start = 0;
            for (var part = 0; part < fractions.Count; part++)
            {
                cumulative += fractions[part];
                var end = part == fractions.Count - 1 ? members.Count : (int)Math.Round(cumulative * members.Count);
                parts[part].AddRange(members.Skip(start).Take(end - start));
                start = end;
            }
        }
        return parts.Select(p => p.Order().ToArray()).ToArray();
    }

    /// <summary>Every class's indices (classes in ascending order), each list shuffled by one generator seeded with <paramref name="seed"/>.</summary>
    private static SortedDictionary<int, List<int>> ShuffledByClass(IReadOnlyList<int> labels, int seed)
    {
        var byClass = new SortedDictionary<int, List<int>>();
        for (var i = 0; i < labels.Count; i++)
        {
            if (!byClass.TryGetValue(labels[i], out var members)) byClass[labels[i]] = members = [];
            members.Add(i);
        }
        var random = Reproducibility.Random(seed);
        foreach (var members in byClass.Values) Shuffled(members, random);
        return byClass;
    }

    /// <summary>Fisher-Yates shuffle in place; returns the list.</summary>
    internal static List<int> Shuffled(List<int> items, Random random)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
        return items;
    }
}
