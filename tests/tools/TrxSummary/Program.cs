using System.Xml.Linq;

namespace Builder.Tools.TrxSummary;

/// <summary>
/// <c>TrxSummary PATH...</c>: reads the given <c>*.trx</c> files and every <c>*.trx</c> under the given
/// folders, prints each failed test's name, message
/// and source location, any run-level errors (a crashed test host), and as its last line
/// <c>N passed, N failed</c> (<c>, N skipped</c> when some were); an aborted run counts as one
/// failure. Exit code: 0 when tests ran and none
/// failed; 1 when a test failed or the run reported an error; 2 when no test ran or no TRX was found.
/// </summary>
internal static class Program
{
    private static readonly string[] FailedOutcomes = ["Failed", "Error", "Timeout", "Aborted"];

    private static int Main(string[] args)
    {
        if (args.Length == 0 || args.Any(a => !File.Exists(a) && !Directory.Exists(a)))
        {
            Console.Error.WriteLine("usage: TrxSummary PATH... (.trx files or folders holding them; all must exist)");
            return 2;
        }

        var files = args
            .SelectMany(a => Directory.Exists(a) ? Directory.EnumerateFiles(a, "*.trx", SearchOption.AllDirectories) : [a])
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            Console.WriteLine($"No test results (.trx) in {string.Join(", ", args)}: the test run did not produce any.");
            return 2;
        }

        var totals = new Counts();
        var runFailed = false;
        foreach (var file in files)
        {
            runFailed |= Summarize(file, totals);
        }

        var summary = $"{totals.Passed} passed, {totals.Failed} failed";
        if (totals.Skipped > 0)
        {
            summary += $", {totals.Skipped} skipped";
        }

        if (totals.Passed + totals.Failed == 0)
        {
            Console.WriteLine("No test ran.");
            Console.WriteLine(summary);
            return 2;
        }

        Console.WriteLine(summary);
        return totals.Failed > 0 || runFailed ? 1 : 0;
    }

    /// <summary>
    /// Adds one TRX file's counts and prints its failures; true when the run itself failed
    /// (which also counts as one failure).
    /// </summary>
    private static bool Summarize(string file, Counts totals)
    {
        XDocument xml;
        try
        {
            xml = XDocument.Load(file);
        }
        catch (System.Xml.XmlException e)
        {
            Console.WriteLine($"Unreadable test results {file}: {e.Message}");
            return true;
        }

        var counters = Element(xml.Root, "ResultSummary", "Counters");
        var results = Element(xml.Root, "Results")?.Elements().Where(e => e.Name.LocalName == "UnitTestResult").ToList() ?? [];
        totals.Passed += Count(counters, "passed");
        totals.Failed += FailedOutcomes.Sum(o => Count(counters, char.ToLowerInvariant(o[0]) + o[1..]));

        // xunit's skipped tests are NotExecuted results but are not in the counters' notExecuted.
        totals.Skipped += results.Count(r => (string?)r.Attribute("outcome") == "NotExecuted");

        foreach (var result in results.Where(r => FailedOutcomes.Contains((string?)r.Attribute("outcome"))))
        {
            PrintFailure(result);
        }

        // A crashed or aborted test host leaves an error RunInfo; the test framework's own
        // "[xUnit.net ...] Name [FAIL]" lines are error RunInfos too, and are already reported above.
        var runFailed = false;
        foreach (var info in xml.Descendants().Where(e => e.Name.LocalName == "RunInfo"))
        {
            var text = Element(info, "Text")?.Value.Trim() ?? "";
            if ((string?)info.Attribute("outcome") == "Error" && !text.StartsWith("[xUnit.net", StringComparison.Ordinal))
            {
                Console.WriteLine($"FAILED test run {Path.GetRelativePath(Environment.CurrentDirectory, file)}");
                foreach (var line in Lines(text).Take(12))
                {
                    Console.WriteLine("    " + line);
                }

                runFailed = true;
            }
        }

        var summaryOutcome = (string?)Element(xml.Root, "ResultSummary")?.Attribute("outcome");
        if (summaryOutcome is "Error" or "Aborted" or "Timeout")
        {
            Console.WriteLine($"FAILED test run {Path.GetRelativePath(Environment.CurrentDirectory, file)}: outcome {summaryOutcome}");
            runFailed = true;
        }

        if (runFailed)
        {
            // Counted as one failure so the summary line does not read as a clean run.
            totals.Failed++;
        }

        return runFailed;
    }

    private static void PrintFailure(XElement result)
    {
        Console.WriteLine($"FAILED {(string?)result.Attribute("testName")}");
        var error = Element(result, "Output", "ErrorInfo");
        foreach (var line in Lines(Element(error, "Message")?.Value))
        {
            Console.WriteLine("    " + line);
        }

        // Only our frames (those with a source location), not the reflection plumbing below them.
        foreach (var line in Lines(Element(error, "StackTrace")?.Value).Where(l => l.Contains(":line ", StringComparison.Ordinal)).Take(5))
        {
            Console.WriteLine("    " + line.Trim());
        }
    }

    private static IEnumerable<string> Lines(string? text) =>
        (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd().Split('\n').Where(l => l.Length > 0);

    private static XElement? Element(XElement? parent, params string[] path)
    {
        var current = parent;
        foreach (var name in path)
        {
            current = current?.Elements().FirstOrDefault(e => e.Name.LocalName == name);
        }

        return current;
    }

    private static int Count(XElement? counters, string attribute) =>
        int.TryParse((string?)counters?.Attribute(attribute), out var n) ? n : 0;

    private sealed class Counts
    {
        public int Passed { get; set; }

        public int Failed { get; set; }

        public int Skipped { get; set; }
    }
}
