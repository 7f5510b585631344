namespace Course.Labs.Manifold;

/// <summary>
/// A 2-D quadtree over the current embedding (scikit-learn's _QuadTree): each cell keeps its centre of mass and
/// point count; a leaf holds one point (or exact duplicates). Rebuilt at every gradient step.
/// </summary>
internal sealed class BarnesHutTree
{
    private const int MaxDepth = 64;
    private int nodes;
    private double[] minX = [], minY = [], maxX = [], maxY = [], comX = [], comY = [];
    private int[] count = [], firstChild = [], point = [], depth = [];

    public BarnesHutTree(ReadOnlySpan<double> y, int n)
    {
        Reserve(4 * n + 1);
        double x0 = double.MaxValue, y0 = double.MaxValue, x1 = double.MinValue, y1 = double.MinValue;
        for (int i = 0; i < n; i++)
        {
            x0 = Math.Min(x0, y[2 * i]); x1 = Math.Max(x1, y[2 * i]);
            y0 = Math.Min(y0, y[2 * i + 1]); y1 = Math.Max(y1, y[2 * i + 1]);
        }
        // a slightly larger box, never degenerate (scikit-learn enlarges the bounds the same way)
        x1 = Math.Max(x1, x0 + 1e-3); y1 = Math.Max(y1, y0 + 1e-3);
        NewNode(x0, y0, x1, y1, 0);
        for (int i = 0; i < n; i++) Insert(i, y[2 * i], y[2 * i + 1]);
    }

    /// <summary>
    /// Repulsive part for point (px, py): sum over summarised cells of size * q^2 * (p - centre) (into negX, negY)
    /// and of size * q (returned: the point's share of Z), q = 1 / (1 + d^2). A cell is summarised when it is a leaf
    /// or when max_width^2 / d^2 &lt; angle^2; the leaf holding the point itself is skipped (no self interaction).
    /// </summary>
    public double Repulsion(double px, double py, double angle, out double negX, out double negY)
    {
        double theta2 = angle * angle, z = 0;
        negX = 0; negY = 0;
        Span<int> stack = stackalloc int[4 * MaxDepth + 8];
        int top = 0;
        stack[top++] = 0;
        while (top > 0)
        {
            int c = stack[--top];
            if (count[c] == 0) continue;
            double dx = px - comX[c], dy = py - comY[c], d2 = dx * dx + dy * dy;
            bool leaf = firstChild[c] < 0;
            if (leaf && dx == 0 && dy == 0) continue;        // the point itself (or its exact duplicates)
            double w = Math.Max(maxX[c] - minX[c], maxY[c] - minY[c]);
            if (leaf || w * w < theta2 * d2)
            {
                double q = 1.0 / (1.0 + d2), sq = count[c] * q;
                z += sq;
                negX += sq * q * dx;
                negY += sq * q * dy;
            }
            else
                for (int k = 0; k < 4; k++) stack[top++] = firstChild[c] + k;
        }
        return z;
    }

    private void Insert(int i, double px, double py)
    {
        int c = 0;
        while (true)
        {
            if (firstChild[c] < 0)
            {
                if (count[c] == 0)
                {
                    point[c] = i; comX[c] = px; comY[c] = py; count[c] = 1;
                    return;
                }
                if ((comX[c] == px && comY[c] == py) || depth[c] >= MaxDepth)
                {
                    AddToCentre(c, px, py);
                    return;
                }
                Split(c);
            }
            AddToCentre(c, px, py);
            c = ChildFor(c, px, py);
        }
    }

    private void Split(int c)
    {
        double midX = (minX[c] + maxX[c]) / 2, midY = (minY[c] + maxY[c]) / 2;
        int first = nodes;
        NewNode(minX[c], minY[c], midX, midY, depth[c] + 1);
        NewNode(midX, minY[c], maxX[c], midY, depth[c] + 1);
        NewNode(minX[c], midY, midX, maxY[c], depth[c] + 1);
        NewNode(midX, midY, maxX[c], maxY[c], depth[c] + 1);
        firstChild[c] = first;
        int child = ChildFor(c, comX[c], comY[c]);          // the leaf's point(s) move down whole
        point[child] = point[c]; comX[child] = comX[c]; comY[child] = comY[c]; count[child] = count[c];
        point[c] = -1;
    }

    private int ChildFor(int c, double px, double py)
    {
        double midX = (minX[c] + maxX[c]) / 2, midY = (minY[c] + maxY[c]) / 2;
        return firstChild[c] + (px >= midX ? 1 : 0) + (py >= midY ? 2 : 0);
    }

    private void AddToCentre(int c, double px, double py)
    {
        int m = count[c];
        comX[c] = (comX[c] * m + px) / (m + 1);
        comY[c] = (comY[c] * m + py) / (m + 1);
        count[c] = m + 1;
    }

    private void NewNode(double x0, double y0, double x1, double y1, int d)
    {
        if (nodes == count.Length) Reserve(2 * nodes);
        minX[nodes] = x0; minY[nodes] = y0; maxX[nodes] = x1; maxY[nodes] = y1;
        comX[nodes] = 0; comY[nodes] = 0; count[nodes] = 0; firstChild[nodes] = -1; point[nodes] = -1; depth[nodes] = d;
        nodes++;
    }

    private void Reserve(int capacity)
    {
        Array.Resize(ref minX, capacity); Array.Resize(ref minY, capacity);
        Array.Resize(ref maxX, capacity); Array.Resize(ref maxY, capacity);
        Array.Resize(ref comX, capacity); Array.Resize(ref comY, capacity);
        Array.Resize(ref count, capacity); Array.Resize(ref firstChild, capacity);
        Array.Resize(ref point, capacity); Array.Resize(ref depth, capacity);
    }
}
