using System.Globalization;

namespace RuleScoring.Bench;

internal sealed record BenchOptions(int Leads, IReadOnlyList<int> Threads, int Repeats, string RulesDirectory, int Seed)
{
    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions(100_000, [1, 2], 3, "rules", 42);
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--leads" => options with { Leads = PositiveInt(args[i], value) },
                "--threads" => options with { Threads = value.Split(',').Select(t => PositiveInt(args[i], t)).ToArray() },
                "--repeats" => options with { Repeats = PositiveInt(args[i], value) },
                "--rules" => options with { RulesDirectory = value },
                "--seed" => options with { Seed = int.Parse(value, CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"unknown option {args[i]}; use --leads N --threads 1,2 --repeats N --rules DIR --seed N"),
            };
            i++;
        }

        return options;
    }

    private static int PositiveInt(string option, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{option} expects a positive whole number, got '{value}'");
}
