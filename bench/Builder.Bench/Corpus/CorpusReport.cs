using Builder.Parser;

namespace Builder.Bench.Corpus;

/// <summary>
/// <c>--corpus</c>: what the corpus holds, as a sanity check that the synthesized files are
/// realistic (they should parse without errors) and, optionally, the files themselves to look at.
/// </summary>
internal static class CorpusReport
{
    public static void Print(DockerfileCorpus corpus, string? writeTo)
    {
        int realErrors = 0;
        int synthErrors = 0;
        int instructions = 0;
        int heredocs = 0;
        for (int i = 0; i < corpus.Files.Count; i++)
        {
            var file = corpus.Files[i];
            var parsed = Dockerfile.Parse(Builder.Parser.Text.SourceText.From(file.Bytes, file.Name));
            instructions += parsed.Syntax.Instructions.Length;
            foreach (var instruction in parsed.Syntax.Instructions)
            {
                heredocs += instruction.Heredocs.Length;
            }

            if (parsed.HasErrors)
            {
                if (i < corpus.RealFileCount)
                {
                    realErrors++;
                }
                else
                {
                    synthErrors++;
                    Console.WriteLine($"  {file.Name}: {parsed.Diagnostics.First(d => d.IsError)}");
                }
            }

            if (writeTo is not null)
            {
                string path = Path.Combine(writeTo, file.Name.Replace('#', '_'));
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllBytes(path, file.Bytes);
            }
        }

        Console.WriteLine($"instructions: {instructions:N0}, heredocs: {heredocs:N0}");
        Console.WriteLine($"files with errors: {realErrors} real (conformance edge cases), {synthErrors} synthesized");
    }
}
