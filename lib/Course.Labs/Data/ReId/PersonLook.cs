using SkiaSharp;

namespace Course.Labs.Data.ReId;

/// <summary>What makes one generated identity recognisable: build, clothes, patterns, hair, bag.</summary>
public sealed record PersonLook(
    float Height, float Build, SKColor Skin, SKColor Hair, bool LongHair,
    SKColor Top, SKColor TopSecond, TopPattern Pattern, bool LongSleeves,
    SKColor Bottom, BottomStyle BottomStyle, SKColor Shoes,
    BagStyle Bag, SKColor BagColor)
{
    // Small palettes on purpose: many identities share a top or a bottom colour, so one colour never names a person.
    private static readonly SKColor[] Clothes =
    [
        new(20, 20, 24), new(235, 235, 230), new(128, 128, 132), new(30, 45, 110), new(150, 30, 35),
        new(40, 110, 60), new(200, 170, 60), new(90, 60, 40), new(120, 160, 210), new(200, 110, 150),
    ];
    private static readonly SKColor[] Skins = [new(250, 215, 185), new(225, 180, 140), new(175, 125, 90), new(110, 75, 55)];
    private static readonly SKColor[] Hairs = [new(20, 15, 10), new(80, 50, 25), new(150, 110, 60), new(200, 190, 170), new(60, 60, 60)];

    /// <summary>Draws a look from <paramref name="random"/> (one per identity).</summary>
    public static PersonLook Random(Random random)
    {
        SKColor Pick(SKColor[] palette) => palette[random.Next(palette.Length)];
        var top = Pick(Clothes);
        var second = Pick(Clothes);
        while (second == top) second = Pick(Clothes);
        return new PersonLook(
            Height: 0.88f + 0.12f * random.NextSingle(),
            Build: 0.8f + 0.4f * random.NextSingle(),
            Skin: Pick(Skins), Hair: Pick(Hairs), LongHair: random.NextDouble() < 0.35,
            Top: top, TopSecond: second, Pattern: (TopPattern)random.Next(5), LongSleeves: random.NextDouble() < 0.6,
            Bottom: Pick(Clothes), BottomStyle: (BottomStyle)random.Next(3), Shoes: Pick(Clothes),
            Bag: (BagStyle)random.Next(4), BagColor: Pick(Clothes));
    }
}

/// <summary>The pattern of a top.</summary>
public enum TopPattern { Plain, HorizontalStripes, VerticalStripes, Checks, ChestLogo }

/// <summary>Trousers, shorts or a skirt.</summary>
public enum BottomStyle { Trousers, Shorts, Skirt }

/// <summary>No bag, a backpack, a handbag or a shoulder bag.</summary>
public enum BagStyle { None, Backpack, Handbag, ShoulderBag }

/// <summary>Which side of the person a camera sees.</summary>
public enum Viewpoint { Front, Back, Left, Right }
