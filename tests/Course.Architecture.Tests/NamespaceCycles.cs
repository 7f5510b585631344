namespace Course.Architecture.Tests;

/// <summary>The namespace cycles of a dependency graph: its strongly connected components of two or more namespaces (Tarjan).</summary>
public static class NamespaceCycles
{
    public static IReadOnlyList<IReadOnlyList<string>> Find(IEnumerable<TypeUse> uses)
    {
        var edges = uses.GroupBy(u => u.From).ToDictionary(g => g.Key, g => g.Select(u => u.To).Distinct().Order(StringComparer.Ordinal).ToList());
        var nodes = edges.Keys.Concat(edges.Values.SelectMany(v => v)).Distinct().Order(StringComparer.Ordinal).ToList();
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var components = new List<IReadOnlyList<string>>();

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in edges.GetValueOrDefault(node) ?? [])
            {
                if (!index.ContainsKey(next)) { Visit(next); low[node] = Math.Min(low[node], low[next]); }
                else if (onStack.Contains(next)) low[node] = Math.Min(low[node], index[next]);
            }
            if (low[node] != index[node]) return;
            var component = new List<string>();
            string member;
            do { member = stack.Pop(); onStack.Remove(member); component.Add(member); } while (member != node);
            if (component.Count > 1) components.Add(component.Order(StringComparer.Ordinal).ToList());
        }

        foreach (var node in nodes)
            if (!index.ContainsKey(node)) Visit(node);
        return components;
    }

    /// <summary>A cycle as text: each namespace of it, and the types that make each of its uses inside the cycle.</summary>
    public static string Describe(IReadOnlyList<string> cycle, IEnumerable<TypeUse> uses)
    {
        var members = cycle.ToHashSet();
        var lines = uses.Where(u => members.Contains(u.From) && members.Contains(u.To))
            .GroupBy(u => (u.From, u.To)).OrderBy(g => g.Key.From, StringComparer.Ordinal).ThenBy(g => g.Key.To, StringComparer.Ordinal)
            .Select(g => $"  {g.Key.From} -> {g.Key.To}: " + string.Join(", ", g.Select(u => $"{u.FromType} uses {u.ToType}").Distinct().Order(StringComparer.Ordinal).Take(4)));
        return $"cycle {string.Join(" <-> ", cycle)}\n" + string.Join("\n", lines);
    }
}
