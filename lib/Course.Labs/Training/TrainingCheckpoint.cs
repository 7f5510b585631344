using System.Text;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Labs.Training;

/// <summary>
/// A resumable training state in one file: model weights and buffers, optimizer state, epochs done, history,
/// early-stopping counters and torch's RNG state. Written to a temporary file beside the target and renamed over
/// it, so a crash mid-write never leaves a torn checkpoint.
/// </summary>
public sealed class TrainingCheckpoint
{
    private const string Magic = "Course.Labs.TrainingCheckpoint/1";
    private static readonly JsonSerializerOptions Json = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>Epochs finished when the checkpoint was written.</summary>
    public int EpochsCompleted { get; init; }
    public IReadOnlyList<EpochMetrics> History { get; init; } = [];
    public double BestValidationLoss { get; init; } = double.PositiveInfinity;
    public int EpochsWithoutImprovement { get; init; }

    internal static void Save(string path, nn.Module model, TorchSharp.Modules.OptimizerHelper optimizer, TrainingCheckpoint state)
    {
        string fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        string temporary = $"{fullPath}.{Environment.ProcessId}.tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(Magic);
                writer.Write(state.EpochsCompleted);
                writer.Write(JsonSerializer.Serialize(state.History, Json));
                writer.Write(state.BestValidationLoss);
                writer.Write(state.EpochsWithoutImprovement);
                using (var rng = get_rng_state())
                {
                    var bytes = rng.data<byte>().ToArray();
                    writer.Write(bytes.Length);
                    writer.Write(bytes);
                }
                model.save(writer);
                optimizer.save_state_dict(writer);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, fullPath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    internal static TrainingCheckpoint Load(string path, nn.Module model, TorchSharp.Modules.OptimizerHelper optimizer)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"No checkpoint at '{path}'. Train with TrainerOptions.CheckpointPath set to write one.", path);
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        string magic;
        try { magic = reader.ReadString(); }
        catch (EndOfStreamException) { magic = ""; }
        if (magic != Magic)
            throw new InvalidDataException($"'{path}' is not a training checkpoint written by Course.Labs (expected header '{Magic}').");
        var state = new TrainingCheckpoint
        {
            EpochsCompleted = reader.ReadInt32(),
            History = JsonSerializer.Deserialize<List<EpochMetrics>>(reader.ReadString(), Json) ?? [],
            BestValidationLoss = reader.ReadDouble(),
            EpochsWithoutImprovement = reader.ReadInt32(),
        };
        var rngBytes = reader.ReadBytes(reader.ReadInt32());
        model.load(reader);
        optimizer.load_state_dict(reader);
        using (var rng = tensor(rngBytes, dtype: ScalarType.Byte)) set_rng_state(rng);
        return state;
    }
}
