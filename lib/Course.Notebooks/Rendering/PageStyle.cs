namespace Course.Notebooks.Rendering;

/// <summary>The stylesheet of report pages (inline, so pages stay self-contained).</summary>
public static class PageStyle
{
    /// <summary>The CSS text.</summary>
    public const string Css = """
        body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; }
        .status { color: #555; }
        .cell { margin: 1em 0; }
        .prompt { color: #303f9f; font-family: monospace; font-size: 0.85em; }
        .timing { float: right; color: #777; }
        pre { white-space: pre-wrap; word-wrap: break-word; margin: 0.3em 0; }
        pre.source { background: #f6f8fa; border: 1px solid #e1e4e8; padding: 0.6em; border-radius: 4px; }
        .code.failed pre.source { border-color: #d73a49; }
        .output { padding: 0.2em 0.6em; }
        .stream.stderr { background: #fff5f5; }
        .error { background: #ffeef0; color: #86181d; border-left: 3px solid #d73a49; }
        .scrap { color: #555; font-size: 0.85em; }
        table.summary { border-collapse: collapse; } table.summary td, table.summary th { border: 1px solid #ddd; padding: 0.3em 0.8em; }
        .passed { color: #22863a; } .failed, .timed_out, .dead { color: #d73a49; }
        """;
}
