using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Course.Notebooks.Contract;

/// <summary>
/// A message of the grading worker's protocol (<c>labs sandbox-worker</c>, see lib/Course.Grading/README.md): one JSON
/// object a line, its <c>type</c> first, each line prefixed by its HMAC (<see cref="FrameChannel"/>). The grader sends
/// <see cref="WorkerHello"/>, then one <see cref="WorkerRunCell"/> at a time, each answered by one
/// <see cref="WorkerCellDone"/> that echoes its <see cref="Seq"/> and <see cref="Nonce"/>, then <see cref="WorkerExit"/>.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(WorkerHello), "hello")]
[JsonDerivedType(typeof(WorkerReady), "ready")]
[JsonDerivedType(typeof(WorkerRunCell), "cell")]
[JsonDerivedType(typeof(WorkerCellDone), "cell_done")]
[JsonDerivedType(typeof(WorkerExit), "exit")]
public abstract record WorkerMessage
{
    /// <summary>The request's number (hello is 0, cells count from 1); a reply carries its request's.</summary>
    [JsonPropertyName("seq")] public long Seq { get; init; }

    /// <summary>A fresh random value per request, sent only at its turn; a reply carries its request's.</summary>
    [JsonPropertyName("nonce")] public string Nonce { get; init; } = "";
}

/// <summary>The grader's first message: the channel's key and how to run cells. The only message without an HMAC.</summary>
public sealed record WorkerHello : WorkerMessage
{
    /// <summary>The protocol version this grader speaks.</summary>
    [JsonPropertyName("protocol")] public int Protocol { get; init; } = FrameChannel.ProtocolVersion;

    /// <summary>The HMAC-SHA256 key of every later message, both ways (hex).</summary>
    [JsonPropertyName("key")] public string Key { get; init; } = "";

    /// <summary>The folder cells run in (the notebook's folder, so relative <c>#r</c> paths resolve).</summary>
    [JsonPropertyName("working_directory")] public string WorkingDirectory { get; init; } = "";

    /// <summary>Per-cell limit: the cell's cancellation token fires after it.</summary>
    [JsonPropertyName("cell_timeout_s")] public double CellTimeoutSeconds { get; init; }

    /// <summary>How long a cancelled cell gets to stop before it is reported as not stopping.</summary>
    [JsonPropertyName("grace_s")] public double GraceSeconds { get; init; } = 5;

    /// <summary>Stream characters a cell may keep.</summary>
    [JsonPropertyName("max_stream_chars")] public long MaxStreamChars { get; init; }

    /// <summary>Outputs a cell may keep (errors and trailing values always are).</summary>
    [JsonPropertyName("max_outputs")] public int MaxOutputs { get; init; }

    /// <summary>The most bytes one reply line may have; the worker trims outputs to fit.</summary>
    [JsonPropertyName("max_reply_bytes")] public int MaxReplyBytes { get; init; }
}

/// <summary>The worker is up (engine loaded and warmed up) and waits for cells.</summary>
public sealed record WorkerReady : WorkerMessage
{
    /// <summary>The engine's version, for the record.</summary>
    [JsonPropertyName("engine")] public string Engine { get; init; } = "";
}

/// <summary>Run one code cell now.</summary>
public sealed record WorkerRunCell : WorkerMessage
{
    /// <summary>The cell's 1-based position in the notebook (for messages and stack traces).</summary>
    [JsonPropertyName("index")] public int Index { get; init; }

    /// <summary>The cell's id.</summary>
    [JsonPropertyName("id")] public string Id { get; init; } = "";

    /// <summary>The cell's source.</summary>
    [JsonPropertyName("source")] public string Source { get; init; } = "";

    /// <summary>The execution count its trailing value gets.</summary>
    [JsonPropertyName("execution_count")] public int ExecutionCount { get; init; }
}

/// <summary>How a cell ended and what it showed, as the worker saw it; the grader decides what it means.</summary>
public sealed record WorkerCellDone : WorkerMessage
{
    /// <summary>completed, failed or timed_out.</summary>
    [JsonPropertyName("status")] public string Status { get; init; } = "";

    /// <summary>The cell's nbformat outputs, trimmed to fit the reply.</summary>
    [JsonPropertyName("outputs")] public JsonArray Outputs { get; init; } = [];

    /// <summary>Seconds the cell ran.</summary>
    [JsonPropertyName("duration_s")] public double DurationSeconds { get; init; }

    /// <summary>A timed-out cell did not stop: the notebook's state can no longer be used.</summary>
    [JsonPropertyName("session_broken")] public bool SessionBroken { get; init; }

    /// <summary>Bytes of output left out to fit the reply.</summary>
    [JsonPropertyName("trimmed_bytes")] public long TrimmedBytes { get; init; }

    /// <summary>Status names.</summary>
    public static class Statuses
    {
        public const string Completed = "completed", Failed = "failed", TimedOut = "timed_out";
    }
}

/// <summary>No more cells: the worker exits.</summary>
public sealed record WorkerExit : WorkerMessage;
