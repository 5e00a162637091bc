using RuleScoring.Replay;

// dotnet run --project tools/RuleScoring.Replay -- --base REF|DIR [--head REF|DIR] --db FILE|--data DIR [--as-of created] [--out DIR]
var root = ReplayCommand.Create(TimeProvider.System, Console.Out, Console.Error);
var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var parseError in parsed.Errors)
    {
        Console.Error.WriteLine(parseError.Message);
    }

    return 2;
}

return await parsed.InvokeAsync();
