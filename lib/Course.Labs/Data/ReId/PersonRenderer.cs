using Course.Labs.Runtime;
using SkiaSharp;

namespace Course.Labs.Data.ReId;

/// <summary>
/// Renders one detection box of a generated person (64 x 128, like Market-1501's crops): background of the camera,
/// the person in the given viewpoint with a walking pose, then the camera's lighting, blur and an occasional occluder.
/// </summary>
public static class PersonRenderer
{
    public const int Width = 64, Height = 128;

    /// <summary>Seed of every camera's background clutter (one stream per camera): the same in every generated set.</summary>
    private const int ClutterSeed = 17;

    /// <summary>Renders one image; all randomness (pose, position, occlusion, noise) comes from <paramref name="random"/>.</summary>
    public static SKBitmap Render(PersonLook person, CameraLook camera, Viewpoint view, Random random)
    {
        var info = new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        var scene = new SKBitmap(info);
        using (var canvas = new SKCanvas(scene))
        {
            DrawBackground(canvas, camera, random);
            float scale = camera.Scale * person.Height * (0.94f + 0.08f * random.NextSingle());
            float cx = Width / 2f + (random.NextSingle() - 0.5f) * 10f;       // detector box misalignment
            float top = (Height - Height * scale) * (0.3f + 0.5f * random.NextSingle());
            DrawPerson(canvas, person, view, cx, top, Height * scale, random);
            if (random.NextSingle() < camera.OcclusionProbability) DrawOccluder(canvas, camera, random);
        }
        var lit = ApplyLighting(scene, camera, random);
        scene.Dispose();
        return lit;
    }

    private static void DrawBackground(SKCanvas canvas, CameraLook camera, Random random)
    {
        float horizon = Height * camera.Horizon;
        using var paint = new SKPaint { IsAntialias = true };
        paint.Color = camera.Wall;
        canvas.DrawRect(0, 0, Width, horizon, paint);
        paint.Color = camera.Ground;
        canvas.DrawRect(0, horizon, Width, Height - horizon, paint);
        // Camera-specific clutter: windows, posts, tiles; positions shift a little with the box.
        var clutter = Reproducibility.Random(ClutterSeed, camera.Index);
        float shift = (random.NextSingle() - 0.5f) * 12f;
        for (int i = 0; i < 6; i++)
        {
            paint.Color = Jitter(i % 2 == 0 ? camera.Wall : camera.Ground, clutter, 50);
            float x = clutter.NextSingle() * Width + shift, y = clutter.NextSingle() * Height;
            canvas.DrawRect(x, y, 4 + clutter.NextSingle() * 20, 3 + clutter.NextSingle() * 25, paint);
        }
    }

    private static void DrawPerson(SKCanvas canvas, PersonLook p, Viewpoint view, float cx, float top, float h, Random random)
    {
        using var paint = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Fill };
        bool side = view is Viewpoint.Left or Viewpoint.Right;
        float dir = view == Viewpoint.Left ? -1 : 1;
        float shoulder = h * 0.13f * p.Build * (side ? 0.6f : 1f);
        float headR = h * 0.065f;
        float headY = top + headR * 1.1f;
        float neckY = headY + headR;
        float waistY = top + h * 0.5f;
        float kneeY = top + h * 0.72f;
        float footY = top + h * 0.97f;
        float stride = (random.NextSingle() - 0.5f) * h * (side ? 0.22f : 0.08f);
        float swing = (random.NextSingle() - 0.5f) * h * 0.08f;

        // Backpack seen from behind or the side is drawn under the arms.
        if (p.Bag == BagStyle.Backpack && view != Viewpoint.Front)
        {
            paint.Color = p.BagColor;
            float bw = side ? shoulder * 0.9f : shoulder * 1.5f;
            float bx = side ? cx - dir * shoulder * 1.2f - bw / 2 : cx - bw / 2;
            canvas.DrawRoundRect(bx, neckY + h * 0.04f, bw, h * 0.25f, 3, 3, paint);
        }

        // Legs and bottom.
        float legW = shoulder * 0.45f;
        for (int leg = -1; leg <= 1; leg += 2)
        {
            float hip = cx + leg * (side ? legW * 0.3f : shoulder * 0.45f);
            float foot = hip + leg * stride;
            paint.Color = p.BottomStyle == BottomStyle.Trousers ? p.Bottom : p.Skin;
            DrawLimb(canvas, paint, hip, waistY, foot, footY - h * 0.03f, legW);
            if (p.BottomStyle == BottomStyle.Shorts)
            {
                paint.Color = p.Bottom;
                DrawLimb(canvas, paint, hip, waistY, hip + (foot - hip) * 0.45f, kneeY - h * 0.02f, legW * 1.15f);
            }
            paint.Color = p.Shoes;
            canvas.DrawOval(foot + (side ? dir * legW * 0.4f : 0), footY - h * 0.02f, legW * 0.75f, h * 0.022f, paint);
        }
        if (p.BottomStyle == BottomStyle.Skirt)
        {
            paint.Color = p.Bottom;
            using var outline = new SKPathBuilder();
            outline.MoveTo(cx - shoulder * 0.8f, waistY - h * 0.02f);
            outline.LineTo(cx + shoulder * 0.8f, waistY - h * 0.02f);
            outline.LineTo(cx + shoulder * 1.15f, kneeY);
            outline.LineTo(cx - shoulder * 1.15f, kneeY);
            outline.Close();
            using var skirt = outline.Detach();
            canvas.DrawPath(skirt, paint);
        }

        // Torso with its pattern.
        var torso = new SKRect(cx - shoulder, neckY + h * 0.01f, cx + shoulder, waistY + h * 0.02f);
        paint.Color = p.Top;
        canvas.DrawRoundRect(torso, 4, 4, paint);
        DrawPattern(canvas, p, view, torso);

        // Arms: sleeves in the top colour, hands (and forearms for short sleeves) in skin.
        float armW = shoulder * 0.35f;
        for (int arm = -1; arm <= 1; arm += 2)
        {
            if (side && arm == -dir) continue;   // the far arm is hidden
            float sx = side ? cx + dir * shoulder * 0.2f : cx + arm * (shoulder + armW * 0.4f);
            float hx = sx + arm * swing * (side ? 2 : 0.4f);
            float elbowX = (sx + hx) / 2, elbowY = (neckY + waistY) / 2 + h * 0.03f;
            paint.Color = p.Top;
            DrawLimb(canvas, paint, sx, neckY + h * 0.03f, elbowX, elbowY, armW);
            paint.Color = p.LongSleeves ? p.Top : p.Skin;
            DrawLimb(canvas, paint, elbowX, elbowY, hx, waistY + h * 0.04f, armW * 0.9f);
            paint.Color = p.Skin;
            canvas.DrawCircle(hx, waistY + h * 0.05f, armW * 0.55f, paint);
            if (p.Bag == BagStyle.Handbag && arm == 1)
            {
                paint.Color = p.BagColor;
                canvas.DrawRoundRect(hx - armW, waistY + h * 0.05f, armW * 2.4f, h * 0.09f, 2, 2, paint);
            }
        }

        if (p.Bag == BagStyle.ShoulderBag)
        {
            using var strap = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = Math.Max(1f, h * 0.012f), Color = p.BagColor };
            canvas.DrawLine(cx - shoulder * 0.8f, neckY + h * 0.02f, cx + shoulder * 0.9f, waistY, strap);
            paint.Color = p.BagColor;
            canvas.DrawRoundRect(cx + shoulder * 0.6f, waistY - h * 0.04f, shoulder * 0.9f, h * 0.08f, 2, 2, paint);
        }
        if (p.Bag == BagStyle.Backpack && view == Viewpoint.Front)
        {
            using var straps = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = Math.Max(1f, h * 0.012f), Color = p.BagColor };
            canvas.DrawLine(cx - shoulder * 0.55f, neckY + h * 0.01f, cx - shoulder * 0.5f, waistY - h * 0.05f, straps);
            canvas.DrawLine(cx + shoulder * 0.55f, neckY + h * 0.01f, cx + shoulder * 0.5f, waistY - h * 0.05f, straps);
        }

        // Head: skin, hair on top (all of it from behind), long hair down the back.
        paint.Color = p.Skin;
        canvas.DrawCircle(cx, headY, headR, paint);
        paint.Color = p.Hair;
        if (p.LongHair)
            canvas.DrawRect(cx - headR * (side ? 0.6f : 1.05f) - (side ? dir * headR * 0.4f : 0), headY, headR * (side ? 1.2f : 2.1f),
                            view == Viewpoint.Front ? headR * 0.9f : headR * 2.2f, paint);
        if (view == Viewpoint.Back) canvas.DrawCircle(cx, headY, headR * 1.02f, paint);
        else canvas.DrawArc(new SKRect(cx - headR * 1.05f, headY - headR * 1.1f, cx + headR * 1.05f, headY + headR * 0.6f), 180, 180, true, paint);
        if (view == Viewpoint.Front)
        {
            paint.Color = new SKColor(30, 25, 25);
            canvas.DrawCircle(cx - headR * 0.35f, headY + headR * 0.1f, Math.Max(0.6f, headR * 0.12f), paint);
            canvas.DrawCircle(cx + headR * 0.35f, headY + headR * 0.1f, Math.Max(0.6f, headR * 0.12f), paint);
        }
    }

    private static void DrawPattern(SKCanvas canvas, PersonLook p, Viewpoint view, SKRect torso)
    {
        using var paint = new SKPaint { IsAntialias = true, Color = p.TopSecond };
        canvas.Save();
        canvas.ClipRect(torso);
        switch (p.Pattern)
        {
            case TopPattern.HorizontalStripes:
                for (float y = torso.Top + 2; y < torso.Bottom; y += torso.Height / 5) canvas.DrawRect(torso.Left, y, torso.Width, torso.Height / 10, paint);
                break;
            case TopPattern.VerticalStripes:
                for (float x = torso.Left + 1; x < torso.Right; x += torso.Width / 4) canvas.DrawRect(x, torso.Top, torso.Width / 8, torso.Height, paint);
                break;
            case TopPattern.Checks:
                float cell = torso.Width / 4;
                for (int i = 0; i * cell < torso.Width; i++)
                    for (int j = 0; j * cell < torso.Height; j++)
                        if ((i + j) % 2 == 0) canvas.DrawRect(torso.Left + i * cell, torso.Top + j * cell, cell, cell, paint);
                break;
            case TopPattern.ChestLogo when view == Viewpoint.Front:
                canvas.DrawCircle(torso.MidX, torso.Top + torso.Height * 0.35f, torso.Width * 0.22f, paint);
                break;
            case TopPattern.ChestLogo when view == Viewpoint.Back:
                canvas.DrawRect(torso.Left, torso.Top + torso.Height * 0.25f, torso.Width, torso.Height * 0.2f, paint);
                break;
        }
        canvas.Restore();
    }

    private static void DrawLimb(SKCanvas canvas, SKPaint paint, float x0, float y0, float x1, float y1, float width)
    {
        using var stroke = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = width, StrokeCap = SKStrokeCap.Round, Color = paint.Color };
        canvas.DrawLine(x0, y0, x1, y1, stroke);
    }

    private static void DrawOccluder(SKCanvas canvas, CameraLook camera, Random random)
    {
        using var paint = new SKPaint { IsAntialias = true, Color = Jitter(camera.Ground, random, 60) };
        if (random.NextDouble() < 0.5)
        {
            float x = random.NextSingle() * Width;   // a post or a passer-by's arm
            canvas.DrawRect(x, 0, 5 + random.NextSingle() * 10, Height, paint);
        }
        else
        {
            float h = Height * (0.15f + 0.25f * random.NextSingle());   // a bench, a car, a railing
            canvas.DrawRect(0, Height - h, Width, h, paint);
        }
    }

    private static SKBitmap ApplyLighting(SKBitmap scene, CameraLook camera, Random random)
    {
        float b = camera.Brightness * (0.92f + 0.16f * random.NextSingle());
        var (tr, tg, tb) = camera.Tint;
        float[] matrix =
        [
            b * tr, 0, 0, 0, 0,
            0, b * tg, 0, 0, 0,
            0, 0, b * tb, 0, 0,
            0, 0, 0, 1, 0,
        ];
        var result = new SKBitmap(scene.Info);
        using var canvas = new SKCanvas(result);
        using var filter = SKColorFilter.CreateColorMatrix(matrix);
        float sigma = camera.Blur * (0.7f + 0.6f * random.NextSingle());
        using var blur = sigma > 0.15f ? SKImageFilter.CreateBlur(sigma, sigma) : null;
        using var paint = new SKPaint { ColorFilter = filter, ImageFilter = blur };
        canvas.DrawBitmap(scene, 0, 0, SKSamplingOptions.Default, paint);   // 1:1, no resampling
        return result;
    }

    private static SKColor Jitter(SKColor c, Random random, int amount)
    {
        byte J(byte v) => (byte)Math.Clamp(v + random.Next(-amount, amount + 1), 0, 255);
        return new SKColor(J(c.Red), J(c.Green), J(c.Blue));
    }
}
