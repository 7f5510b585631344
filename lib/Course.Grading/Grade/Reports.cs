using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Course.Grading.Csv;
using Course.Grading.Nbgrader;
using Course.Notebooks.Model;
using Course.Notebooks.Rendering;

namespace Course.Grading.Grade;

/// <summary>
/// The pages grading writes: one feedback page per student, and the page of written answers for the instructor. They
/// run no script (a Content-Security-Policy forbids it, and any fetch); everything the student wrote or their code
/// printed is encoded, or for HTML and markdown sanitized (<see cref="HtmlSafety"/>) and shown in a box it cannot
/// leave, so nothing a student writes can change or cover the grader's own lines.
/// </summary>
public static class Reports
{
    /// <summary>The student's executed notebook with a result banner on each graded cell.</summary>
    public static string Feedback(StudentGrade grade, Notebook notebook, IReadOnlyList<CellScore> scores, string assignment)
    {
        var byId = scores.ToDictionary(s => s.GradeId);
        var html = new StringBuilder();
        Head(html, $"{assignment}: feedback for {grade.Student}");
        html.Append($"<h1>{E(assignment)}: {E(grade.Student)}</h1>");
        html.Append($"<p class=summary>Score <b>{grade.Score:0.##} / {grade.MaxScore:0.##}</b> — {E(grade.Status)}{(grade.Reason.Length > 0 ? ": " + E(grade.Reason) : "")}</p>");
        if (grade.NeedsManual.Count > 0) html.Append($"<p class=pending>Written answers still to be marked: {E(string.Join(", ", grade.NeedsManual))}</p>");
        foreach (var note in grade.Notes) html.Append($"<p class=note>{E(note)}</p>");
        foreach (var cell in notebook.Cells)
        {
            string? id = GradingCell.GradeId(cell);
            if (id is not null && byId.TryGetValue(id, out var s))
            {
                string cls = s.Points is null ? "pending" : s.Points >= s.MaxPoints && s.MaxPoints > 0 ? "pass" : s.MaxPoints == 0 ? "info" : "fail";
                string points = s.MaxPoints > 0 ? $"{(s.Points is { } p ? p.ToString("0.##") : "?")} / {s.MaxPoints:0.##} — " : "";
                html.Append($"<div class='banner {cls}'>{E(id)}: {points}{E(s.Outcome)}</div>");
            }
            html.Append(cell.IsCode ? $"<pre class=code>{E(cell.Source)}</pre>" : $"<div class='md student'>{MarkdownHtml.ToHtml(cell.Source)}</div>");
            foreach (var output in cell.Outputs) Output(html, output);
        }
        html.Append("</body></html>");
        return html.ToString();
    }

    /// <summary>
    /// Every written answer, question by question (the key's question text, then each student's answer, escaped), and a
    /// marks template the instructor fills in and merges with <c>labs grade --manual</c>.
    /// </summary>
    public static (string Html, string MarksCsv) WrittenAnswers(Notebook key, IReadOnlyList<(string Student, Notebook Notebook)> submissions,
                                                                  Gradebook gradebook, string assignment)
    {
        var html = new StringBuilder();
        var marks = new List<IReadOnlyList<CsvCell>>();
        Head(html, $"{assignment}: written answers");
        html.Append($"<h1>{E(assignment)}: written answers</h1><p>Mark each answer in <code>manual-marks.csv</code> (points column), then run <code>labs grade --manual manual-marks.csv -o THIS_FOLDER</code>.</p>");
        for (int i = 0; i < key.Cells.Count; i++)
        {
            var keyCell = key.Cells[i];
            if (GradingCell.Kind(keyCell) != GradingKind.ManualAnswer) continue;
            string id = GradingCell.GradeId(keyCell)!;
            double max = GradingCell.Points(keyCell);
            string question = i > 0 && !key.Cells[i - 1].IsCode ? key.Cells[i - 1].Source : "";
            html.Append($"<h2>{E(id)} ({max:0.##} points)</h2><div class=question>{MarkdownHtml.ToHtml(question)}</div>");
            html.Append($"<details><summary>Reference answer</summary>{MarkdownHtml.ToHtml(keyCell.Source)}</details>");
            foreach (var (student, nb) in submissions)
            {
                var grade = gradebook.Grades.FirstOrDefault(g => g.Student == student);
                if (grade is null || !grade.NeedsManual.Contains(id)) continue;
                var answer = nb.Cells.FirstOrDefault(c => GradingCell.GradeId(c) == id)?.Source ?? "";
                html.Append($"<div class=answer><h3>{E(student)}</h3><div class=student>{MarkdownHtml.ToHtml(answer)}</div>")
                    .Append($"<details><summary>as written</summary><pre>{E(answer)}</pre></details></div>");
                marks.Add([student, id, "", CsvCell.Number(max.ToString("0.##", CultureInfo.InvariantCulture))]);
            }
        }
        html.Append("</body></html>");
        return (html.ToString(), CsvTable.Write(["student", "grade_id", "points", "max_points"], marks));
    }

    private static void Output(StringBuilder html, JsonObject output)
    {
        switch ((string?)output["output_type"])
        {
            case "stream":
                html.Append($"<pre class='out {E((string?)output["name"] ?? "")}'>{E(NotebookFile.JoinLines(output["text"]))}</pre>");
                break;
            case "error":
                html.Append($"<pre class='out error'>{E($"{output["ename"]}: {output["evalue"]}")}</pre>");
                break;
            case "display_data" or "execute_result":
                if (output["data"] is not JsonObject data) break;
                if (data["image/png"] is JsonNode png) html.Append($"<img class=out src='data:image/png;base64,{E(Base64(NotebookFile.JoinLines(png)))}' alt='output'>");
                else if (data["text/html"] is JsonNode h) html.Append($"<div class='out student'>{HtmlSafety.Sanitize(NotebookFile.JoinLines(h))}</div>");
                else if (data["text/markdown"] is JsonNode m) html.Append($"<div class='out student'>{MarkdownHtml.ToHtml(NotebookFile.JoinLines(m))}</div>");
                else if (data["text/plain"] is JsonNode t) html.Append($"<pre class=out>{E(NotebookFile.JoinLines(t))}</pre>");
                break;
        }
    }

    /// <summary>Base64 text with anything but its alphabet removed (it goes into an attribute).</summary>
    private static string Base64(string text) => new(text.Where(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=').ToArray());

    private static void Head(StringBuilder html, string title) => html.Append($$"""
        <!DOCTYPE html><html><head><meta charset="utf-8">{{HtmlSafety.PolicyMeta(HtmlSafety.NoScriptPolicy)}}<title>{{E(title)}}</title><style>
        body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}
        pre{white-space:pre-wrap;margin:.3rem 0} .code{background:#f5f5f5;padding:.5rem;border-left:3px solid #999}
        .out{padding:.2rem .5rem} .stderr,.error{color:#a00} .banner{padding:.3rem .6rem;margin-top:1rem;font-weight:600;border-radius:3px}
        .pass{background:#dfd} .fail{background:#fdd} .pending{background:#ffd} .info{background:#eef} .note{color:#555;font-style:italic}
        .answer{border:1px solid #ccc;padding:.5rem;margin:.5rem 0} .question{background:#f8f8ff;padding:.5rem}
        .student{contain:paint;overflow:auto;max-height:40rem;position:relative;border-left:3px solid #ddd;padding-left:.5rem}
        table{border-collapse:collapse} td,th{border:1px solid #ccc;padding:.2rem .5rem}
        </style></head><body>
        """);

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
