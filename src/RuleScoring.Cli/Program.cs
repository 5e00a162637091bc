using RuleScoring.Cli;

return await new CliApp(TimeProvider.System, Console.Out, Console.Error).RunAsync(args);
