namespace RuleScoring.Cli.Tests;

public sealed class ImportCommandTests
{
    private const string BadDeals =
        "lead_id,opportunity_id,outcome,created_at,closed_at,amount,segment\n" +
        "L-1001,O1,won,2026-01-05,2026-03-01,12000,mid-market\n" +        // 2
        ",O2,lost,2026-01-06,2026-02-01,5000,smb\n" +                      // 3 no lead_id
        "L-1003,O3,won,05/01/2026,2026-03-01,8000,smb\n" +                 // 4 date
        "L-1004,O4,pending,2026-01-07,,3000,smb\n" +                       // 5 outcome
        "L-1005,O5,open,2026-01-08\n" +                                    // 6 short row
        "L-1006,O6,open,2026-01-09,,9000,\"Enterprise, \"\"EMEA\"\"\nnorth\"\n" + // 7-8 good
        "L-1002,O7,lost,2026-01-10,2026-02-11,100,smb\n";                  // 9 good

    [Fact]
    public async Task Import_FileWithBadRows_Exits1_RejectsFileHasLinesAndReasons_AndAgainAddsNothing()
    {
        using var dir = new TempFolder();
        var db = Path.Combine(dir.Path, "test.db");
        var (leads, _) = SampleCsv.Write(dir);
        (await CliRun.RunAsync("import", "leads", leads, "--db", db)).ExitCode.ShouldBe(0);
        var deals = dir.Write("deals.csv", BadDeals);

        var (code, output, error) = await CliRun.RunAsync("import", "deals", deals, "--db", db);

        error.ShouldBeEmpty();
        code.ShouldBe(1);
        output.ShouldContain($"{deals}: read 7, inserted 3, updated 0, duplicate 0, rejected 4");
        output.ShouldContain(deals + ".rejects.csv");
        var rejects = await File.ReadAllLinesAsync(deals + ".rejects.csv");
        rejects[0].ShouldBe("reject_reason,lead_id,opportunity_id,outcome,created_at,closed_at,amount,segment");
        rejects[1].ShouldBe("line 3: lead_id is missing or empty,,O2,lost,2026-01-06,2026-02-01,5000,smb");
        rejects[2].ShouldStartWith("\"line 4: created_at \"\"05/01/2026\"\" is not an ISO 8601 timestamp");
        rejects[2].ShouldEndWith(",L-1003,O3,won,05/01/2026,2026-03-01,8000,smb");
        rejects[3].ShouldStartWith("\"line 5: outcome \"\"pending\"\" is not one of won, lost, open\"");
        rejects[4].ShouldBe("\"line 6: expected 7 fields (as in the header), found 4\",L-1005,O5,open,2026-01-08");
        rejects.Length.ShouldBe(5);

        var again = await CliRun.RunAsync("import", "deals", deals, "--db", db);

        again.ExitCode.ShouldBe(1);
        again.Output.ShouldContain("read 7, inserted 0, updated 0, duplicate 3, rejected 4");
    }

    [Fact]
    public async Task Import_RejectsFileFixedByHand_ImportsAgain_AndItsRowsLand()
    {
        using var dir = new TempFolder();
        var db = Path.Combine(dir.Path, "test.db");
        var (leads, _) = SampleCsv.Write(dir);
        (await CliRun.RunAsync("import", "leads", leads, "--db", db)).ExitCode.ShouldBe(0);
        var deals = dir.Write("deals.csv",
            "lead_id,opportunity_id,outcome,created_at,closed_at,amount,segment\n" +
            "L-1001,O1,won,2026-01-05,2026-03-01,12000,mid-market\n" +
            "L-1003,O3,won,05/01/2026,2026-03-01,8000,\"Enterprise, \"\"EMEA\"\"\nnorth\"\n" + // the error is before a quoted, multi-line cell
            "L-1004,O4,pending,2026-01-07,,3000,smb\n");
        (await CliRun.RunAsync("import", "deals", deals, "--db", db)).ExitCode.ShouldBe(1);
        var rejects = deals + ".rejects.csv";
        var text = await File.ReadAllTextAsync(rejects);
        text.ShouldContain(",L-1003,O3,won,05/01/2026,2026-03-01,8000,\"Enterprise, \"\"EMEA\"\"\nnorth\"\n");

        await File.WriteAllTextAsync(rejects, text.Replace("05/01/2026", "2026-01-05", StringComparison.Ordinal).Replace(",pending,", ",open,", StringComparison.Ordinal));
        var (code, output, error) = await CliRun.RunAsync("import", "deals", rejects, "--db", db);

        error.ShouldBeEmpty();
        code.ShouldBe(0);
        output.ShouldContain("read 2, inserted 2, updated 0, duplicate 0, rejected 0");
        output.ShouldNotContain("ignored column");
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Pooling=False");
        await connection.OpenAsync();
        await using var query = connection.CreateCommand();
        query.CommandText = "SELECT segment FROM deals WHERE deal_id = 'O3'";
        (await query.ExecuteScalarAsync()).ShouldBe("Enterprise, \"EMEA\"\nnorth");
    }

    [Fact]
    public async Task Import_SignalsOfATypeTheModelDoesNotList_AreRejectedWithTheirLine_AsTheApiRefusesThem()
    {
        using var dir = new TempFolder();
        var db = Path.Combine(dir.Path, "test.db");
        var (leads, _) = SampleCsv.Write(dir);
        (await CliRun.RunAsync("import", "leads", leads, "--db", db)).ExitCode.ShouldBe(0);
        var signals = dir.Write("signals.csv", "lead_id,type,occurred_at\nL-1001,PRICING_VIEW,2026-11-19\nL-1001,made_up_type,2026-11-18\n");

        var (code, output, _) = await CliRun.RunAsync("import", "signals", signals, "--db", db, "--rules", Repo.Rules);

        code.ShouldBe(1);
        output.ShouldContain("inserted 1, updated 0, duplicate 0, rejected 1");
        var rejects = await File.ReadAllLinesAsync(signals + ".rejects.csv");
        rejects[1].ShouldStartWith("line 3: type 'made_up_type' is not a signal type of the active model (rules/model.json lists ");
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Pooling=False");
        await connection.OpenAsync();
        await using var query = connection.CreateCommand();
        query.CommandText = "SELECT type FROM signals WHERE occurred_at LIKE '2026-11-19%'";
        (await query.ExecuteScalarAsync()).ShouldBe("pricing_view");
    }

    [Fact]
    public async Task Import_SignalsWithoutARulesFolder_SaysTypesAreNotChecked()
    {
        using var dir = new TempFolder();
        var db = Path.Combine(dir.Path, "test.db");
        var (leads, signals) = SampleCsv.Write(dir);
        (await CliRun.RunAsync("import", "leads", leads, "--db", db)).ExitCode.ShouldBe(0);

        var (code, output, _) = await CliRun.RunAsync("import", "signals", signals, "--db", db, "--rules", Path.Combine(dir.Path, "no-rules"));

        code.ShouldBe(0);
        output.ShouldContain("so signal types are not checked against a model's catalogue (pass --rules FOLDER)");
    }

    [Fact]
    public async Task Import_CleanFile_Exits0_AndRemovesAStaleRejectsFile()
    {
        using var dir = new TempFolder();
        var db = Path.Combine(dir.Path, "test.db");
        var leads = dir.Write("leads.csv", "lead_id,employees\nL1,many\n");
        (await CliRun.RunAsync("import", "leads", leads, "--db", db)).ExitCode.ShouldBe(1);
        File.Exists(leads + ".rejects.csv").ShouldBeTrue();

        await File.WriteAllTextAsync(leads, "lead_id,employees\nL1,40\n");
        var (code, output, _) = await CliRun.RunAsync("import", "leads", leads, "--db", db);

        code.ShouldBe(0);
        output.ShouldContain("inserted 1");
        File.Exists(leads + ".rejects.csv").ShouldBeFalse();
    }

    [Fact]
    public async Task Import_HubSpotExportWithTheShippedMapping_Exits0()
    {
        using var dir = new TempFolder();
        var file = dir.Write("contacts.csv", "Record ID,Email,Company Name,Industry,Number of Employees,Country/Region,Tags\n7,a@acme.com,Acme,COMPUTER_SOFTWARE,25-50,Canada,vip\n");

        var (code, output, error) = await CliRun.RunAsync("import", "leads", file, "--map", Path.Combine(Repo.Root, "mappings", "hubspot-contacts.json"),
            "--db", Path.Combine(dir.Path, "test.db"));

        error.ShouldBeEmpty();
        code.ShouldBe(0);
        output.ShouldContain("read 1, inserted 1");
    }

    [Theory]
    [InlineData("lead_id,type,when\nL1,demo_request,2026-11-19\n", "no \"occurred_at\" column")]
    [InlineData("", "the file is empty")]
    public async Task Import_FileWithoutTheRequiredColumns_Exits2NamingFileAndColumn(string content, string expected)
    {
        using var dir = new TempFolder();
        var file = dir.Write("signals.csv", content);

        var (code, _, error) = await CliRun.RunAsync("import", "signals", file, "--db", Path.Combine(dir.Path, "test.db"));

        code.ShouldBe(2);
        error.ShouldContain(file);
        error.ShouldContain(expected);
    }

    [Fact]
    public async Task Import_UsageErrors_Exit2()
    {
        using var dir = new TempFolder();
        var db = Path.Combine(dir.Path, "test.db");
        var leads = dir.Write("leads.csv", "lead_id\nL1\n");
        var badMap = dir.Write("map.json", "{\"colums\": {}}");

        (await CliRun.RunAsync("import", "contacts", leads, "--db", db)).ExitCode.ShouldBe(2);
        (await CliRun.RunAsync("import", "leads", Path.Combine(dir.Path, "nope.csv"), "--db", db)).Error.ShouldContain("nope.csv: no such file");
        var map = await CliRun.RunAsync("import", "leads", leads, "--map", badMap, "--db", db);
        map.ExitCode.ShouldBe(2);
        map.Error.ShouldContain("map.json");
        (await CliRun.RunAsync("import", "leads", leads, "--db", db, "--delimiter", ";;")).ExitCode.ShouldBe(2);
    }

    [Fact]
    public async Task Import_RejectsFileNotWritable_Exits2NamingIt()
    {
        using var dir = new TempFolder();
        var leads = dir.Write("leads.csv", "lead_id,employees\nL1,many\n");
        var rejects = Path.Combine(dir.Path, "no-such-folder", "rejects.csv");

        var (code, _, error) = await CliRun.RunAsync("import", "leads", leads, "--rejects", rejects, "--db", Path.Combine(dir.Path, "test.db"));

        code.ShouldBe(2);
        error.ShouldContain(rejects + ": cannot write rejected rows");
    }

    [Fact]
    public async Task Import_SemicolonFile_WithDelimiterOption()
    {
        using var dir = new TempFolder();
        var file = dir.Write("leads.csv", "lead_id;company\nL1;\"Acme; Inc\"\n");

        var (code, output, _) = await CliRun.RunAsync("import", "leads", file, "--delimiter", ";", "--db", Path.Combine(dir.Path, "test.db"));

        code.ShouldBe(0);
        output.ShouldContain("inserted 1");
    }
}
