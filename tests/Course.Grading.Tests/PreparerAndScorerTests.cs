using System.Text.Json.Nodes;
using Course.Grading.Assign;
using Course.Grading.Grade;
using Course.Grading.Nbgrader;
using Course.Notebooks.Model;

namespace Course.Grading.Tests;

public sealed class PreparerAndScorerTests
{
    private static Notebook Student() => Assigner.StudentVersion(Lab.Key(), "key.ipynb");

    [Fact]
    public void Edited_tests_are_restored_with_their_hidden_part()
    {
        var submission = Student();
        Lab.ById(submission, "square_test").Source = "// all tests passed";
        var prepared = SubmissionPreparer.Prepare(Lab.Key(), submission);
        Assert.Equal(Lab.SquareTest, Lab.ById(prepared.Notebook, "square_test").Source);
        Assert.Contains(prepared.Notes, n => n.Contains("'square_test' was edited"));
    }

    [Fact]
    public void Answers_are_the_students_and_deleted_cells_come_back_in_place()
    {
        var submission = Student();
        Lab.ById(submission, "square").Source = "int Square(int x) => x * x;";
        submission.Cells.Remove(Lab.ById(submission, "square_partial"));
        submission.Cells.Remove(Lab.ById(submission, "setup"));
        var prepared = SubmissionPreparer.Prepare(Lab.Key(), submission).Notebook;
        Assert.Equal("int Square(int x) => x * x;", Lab.ById(prepared, "square").Source);
        var order = prepared.Cells.Select(c => GradingCell.GradeId(c) ?? "-").ToList();
        Assert.Equal(["-", "setup", "square", "square_test", "square_partial", "-", "why_sign"], order);
    }

    [Fact]
    public void Grading_metadata_the_student_wrote_is_not_trusted()
    {
        var submission = Student();
        var forged = Cell.Code("1000");
        Lab.Graded(forged, "bonus", grade: true, solution: false, points: 100);
        submission.Cells.Add(forged);
        GradingCell.Metadata(Lab.ById(submission, "square_test"))!["points"] = 50;
        var prepared = SubmissionPreparer.Prepare(Lab.Key(), submission).Notebook;
        Assert.Null(GradingCell.Metadata(prepared.Cells[^1]));
        Assert.Equal(2, GradingCell.Points(Lab.ById(prepared, "square_test")));
    }

    private static Notebook Executed(Notebook prepared, Action<Notebook> outputs)
    {
        var nb = prepared.Clone();
        int n = 0;
        foreach (var c in nb.Cells.Where(c => c.IsCode)) c.ExecutionCount = ++n;
        outputs(nb);
        return nb;
    }

    [Fact]
    public void Scores_errors_partial_credit_and_passes()
    {
        var key = Lab.Key();
        var submission = Student();
        Lab.ById(submission, "why_sign").Source = "The product of two negatives is positive.";
        var prepared = SubmissionPreparer.Prepare(key, submission);
        var executed = Executed(prepared.Notebook, nb =>
        {
            Lab.ById(nb, "square_test").Outputs.Add(Outputs.Error("Exception", "Square(3) should be 9", []));
            Lab.ById(nb, "square_partial").Outputs.Add(Outputs.ExecuteResult(new JsonObject { ["text/plain"] = "1.5" }, 4));
        });
        var scores = Scorer.Score(key, prepared, executed).ToDictionary(s => s.GradeId);
        Assert.Equal(0, scores["square_test"].Points);
        Assert.StartsWith("failed", scores["square_test"].Outcome);
        Assert.Equal(1.5, scores["square_partial"].Points);
        Assert.Null(scores["why_sign"].Points);                     // written answer changed: waits for the instructor
        Assert.Equal("unchanged", scores["square"].Outcome);
    }

    [Fact]
    public void A_passing_test_scores_full_points_whatever_it_prints()
    {
        var key = Lab.Key();
        var prepared = SubmissionPreparer.Prepare(key, Student());
        var executed = Executed(prepared.Notebook, nb =>
        {
            Lab.ById(nb, "square_test").Outputs.Add(Outputs.Stream("stderr", "warning: slow BLAS\n"));
            Lab.ById(nb, "square_partial").Outputs.Add(Outputs.ExecuteResult(new JsonObject { ["text/plain"] = "7" }, 4));
        });
        var scores = Scorer.Score(key, prepared, executed).ToDictionary(s => s.GradeId);
        Assert.Equal(2, scores["square_test"].Points);
        Assert.Equal(2, scores["square_partial"].Points);            // partial credit is clamped to the cell's points
        Assert.Equal(0, scores["why_sign"].Points);                  // unchanged written answer
    }

    [Fact]
    public void A_rewritten_executed_notebook_scores_nothing()
    {
        var key = Lab.Key();
        var prepared = SubmissionPreparer.Prepare(key, Student());
        var executed = Executed(prepared.Notebook, nb => Lab.ById(nb, "square_test").Source = "// BEGIN HIDDEN TESTS\n// END HIDDEN TESTS");
        var score = Scorer.Score(key, prepared, executed).Single(s => s.GradeId == "square_test");
        Assert.Equal(0, score.Points);
        Assert.StartsWith("tampered", score.Outcome);
    }

    [Fact]
    public void Tests_after_a_stop_did_not_run_and_score_zero()
    {
        var key = Lab.Key();
        var prepared = SubmissionPreparer.Prepare(key, Student());
        var executed = Executed(prepared.Notebook, nb => Lab.ById(nb, "square_partial").ExecutionCount = null);
        var scores = Scorer.Score(key, prepared, executed).ToDictionary(s => s.GradeId);
        Assert.StartsWith("not run", scores["square_partial"].Outcome);
        Assert.Equal(0, Scorer.Score(key, prepared, null).Sum(s => s.Points ?? 0));
    }
}
