using Course.Cli.Running;

namespace Course.Notebooks.Tests.Cli;

public class NotebookPathsTests
{
    [Fact]
    public void A_folder_expands_to_its_notebooks_without_hidden_files_hidden_folders_or_the_output_folder()
    {
        var root = Directory.CreateTempSubdirectory("paths-").FullName;
        try
        {
            foreach (var file in new[] { "b.ipynb", "a.ipynb", "sub/c.ipynb", ".tmp-copy.ipynb", ".ipynb_checkpoints/a-checkpoint.ipynb", "sub/.hidden/d.ipynb", "out/a.ipynb", "notes.txt" })
            {
                string path = Path.Combine(root, file);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, "{}");
            }
            var found = NotebookPaths.Expand([root], Path.Combine(root, "out")).Select(p => Path.GetRelativePath(root, p));
            Assert.Equal(["a.ipynb", "b.ipynb", Path.Combine("sub", "c.ipynb")], found);
            // A hidden notebook named explicitly still runs.
            Assert.Single(NotebookPaths.Expand([Path.Combine(root, ".tmp-copy.ipynb")], Path.Combine(root, "out")));
        }
        finally { Directory.Delete(root, recursive: true); }
    }
}
