using SkiaSharp;

namespace Course.Labs.Data.ReId;

/// <summary>How one camera of a generated set sees people: viewpoints, lighting, background, scale, blur, occlusion.</summary>
public sealed record CameraLook(
    int Index, float[] ViewpointWeights, float Brightness, (float R, float G, float B) Tint,
    SKColor Wall, SKColor Ground, float Horizon, float Scale, float Blur, float OcclusionProbability)
{
    /// <summary>Six (or <paramref name="count"/>) cameras that differ from each other, drawn from <paramref name="random"/>.</summary>
    public static IReadOnlyList<CameraLook> Draw(Random random, int count)
    {
        var cameras = new List<CameraLook>();
        for (int c = 0; c < count; c++)
        {
            // Each camera prefers one or two viewpoints, as a fixed camera on a walkway does.
            var weights = new float[4];
            for (int v = 0; v < 4; v++) weights[v] = 0.15f + random.NextSingle() * 0.3f;
            weights[c % 4] += 1.2f;
            byte Shade(int lo, int hi) => (byte)random.Next(lo, hi);
            cameras.Add(new CameraLook(
                Index: c, ViewpointWeights: weights,
                Brightness: 0.65f + 0.6f * random.NextSingle(),
                Tint: (0.85f + 0.3f * random.NextSingle(), 0.85f + 0.3f * random.NextSingle(), 0.85f + 0.3f * random.NextSingle()),
                Wall: new SKColor(Shade(60, 210), Shade(60, 210), Shade(60, 210)),
                Ground: new SKColor(Shade(70, 170), Shade(70, 160), Shade(60, 150)),
                Horizon: 0.45f + 0.3f * random.NextSingle(),
                Scale: 0.72f + 0.22f * random.NextSingle(),
                Blur: random.NextSingle() * 1.1f,
                OcclusionProbability: 0.05f + 0.25f * random.NextSingle()));
        }
        return cameras;
    }

    /// <summary>Draws a viewpoint with this camera's preferences.</summary>
    public Viewpoint DrawViewpoint(Random random)
    {
        float u = random.NextSingle() * ViewpointWeights.Sum();
        for (int v = 0; v < 4; v++)
        {
            u -= ViewpointWeights[v];
            if (u <= 0) return (Viewpoint)v;
        }
        return Viewpoint.Back;
    }
}
