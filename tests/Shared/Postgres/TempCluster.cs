using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace RuleScoring.Tests.Postgres;

/// <summary>
/// A throw-away PostgreSQL cluster in its own temp folder: initdb, pg_ctl start on a free
/// loopback port, pg_ctl stop -m immediate and delete. Durability is switched off: the data
/// lives as long as the test process.
/// </summary>
internal sealed class TempCluster
{
    private const string FolderPrefix = "rulescoring-pg-";
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(60);

    private readonly string _bin;
    private readonly string? _runAs;
    private readonly string? _runuser;

    private TempCluster(string bin, string folder, string? runAs, string? runuser)
    {
        _bin = bin;
        _runAs = runAs;
        _runuser = runuser;
        Folder = folder;
    }

    public string Folder { get; }

    public int Port { get; private set; }

    private string DataDir => Path.Combine(Folder, "data");

    private string LogFile => Path.Combine(Folder, "server.log");

    /// <summary>Starts a cluster, or throws <see cref="InvalidOperationException"/> (or an I/O exception) saying why not.</summary>
    public static TempCluster Start(string bin)
    {
        var (runAs, runuser) = ServerUser();
        var folder = Path.Combine(Path.GetTempPath(), $"{FolderPrefix}{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(folder, "socket"));
        var cluster = new TempCluster(bin, folder, runAs, runuser);
        try
        {
            cluster.StartWatchdog();
            cluster.Create();
            cluster.Launch();
            return cluster;
        }
        catch
        {
            cluster.Stop();
            throw;
        }
    }

    public void Stop()
    {
        if (File.Exists(Path.Combine(DataDir, "postmaster.pid")))
        {
            try
            {
                Run("pg_ctl", "stop", "-D", DataDir, "-m", "immediate", "-w", "-s");
            }
            catch (InvalidOperationException)
            {
                // Best effort: a server that will not stop must not hide why the start failed.
            }
        }

        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // The watchdog deletes it again when the test process ends.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    // initdb and postgres refuse to run as root (CI and this machine run as root), so they
    // run as the postgres OS user that Debian's package creates.
    private static (string? RunAs, string? Runuser) ServerUser()
    {
        if (Environment.UserName != "root")
        {
            return (null, null);
        }

        var runuser = new[] { "/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser" }.FirstOrDefault(File.Exists);
        if (runuser is null)
        {
            throw new InvalidOperationException("running as root (initdb refuses root) and runuser is not installed to run it as the postgres user");
        }

        if (Exec("id", ["-u", "postgres"]).ExitCode != 0)
        {
            throw new InvalidOperationException("running as root (initdb refuses root) and there is no postgres OS user to run it as (Debian's postgresql package creates one)");
        }

        return ("postgres", runuser);
    }

    // The test process cannot stop its server itself: dotnet test kills testhost shortly after the
    // last result (ProcessExit handlers are cut off), and Ctrl+C or a CI timeout kill it outright.
    // So a detached shell waits for the test process to end, then stops the server and deletes the
    // folder. setsid puts it outside the test process's tree and process group.
    private void StartWatchdog()
    {
        const string Script = """
            exec </dev/null >/dev/null 2>&1
            pid=$1; folder=$2; shift 2
            while kill -0 "$pid"; do sleep 1; done
            "$@"
            rm -rf "$folder"
            """;
        var stop = Command("pg_ctl", "stop", "-D", DataDir, "-m", "immediate", "-w", "-s");
        Check(Exec("setsid", ["-f", "sh", "-c", Script, "rulescoring-pg-watchdog", Environment.ProcessId.ToString(CultureInfo.InvariantCulture), Folder, .. stop]), "starting the clean-up watchdog (setsid)");
    }

    private void Create()
    {
        if (_runAs is not null)
        {
            var chown = Exec("chown", ["-R", _runAs, Folder]);
            Check(chown, "chown of the cluster folder to postgres");
        }

        // --no-sync: the cluster dies with the test run, so initdb need not flush it to disk.
        var init = Run("initdb", "-D", DataDir, "--locale=C", "--encoding=UTF8", "--auth=trust", "-U", "postgres", "--no-sync");
        Check(init, "initdb");

        // In postgresql.conf rather than on pg_ctl's -o line: that line goes through a shell,
        // and the socket path comes from TMPDIR.
        File.AppendAllText(Path.Combine(DataDir, "postgresql.conf"), $"""

            # RuleScoring test fixture
            listen_addresses = '127.0.0.1'
            unix_socket_directories = '{Path.Combine(Folder, "socket")}'
            max_connections = 100
            fsync = off
            synchronous_commit = off
            full_page_writes = off

            """);
    }

    private void Launch()
    {
        // A free port can be taken between asking and binding (the other test assembly starts its
        // own cluster at the same moment), so a lost race gets a fresh port.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort();
            var start = Run("pg_ctl", "start", "-w", "-t", "30", "-s", "-D", DataDir, "-l", LogFile, "-o", $"-p {Port}");
            if (start.ExitCode == 0)
            {
                return;
            }

            var log = File.Exists(LogFile) ? File.ReadAllText(LogFile) : "";
            if (attempt < 3 && log.Contains("could not bind", StringComparison.Ordinal))
            {
                File.Delete(LogFile);
                continue;
            }

            throw new InvalidOperationException($"pg_ctl start failed (exit {start.ExitCode}): {Tail(start.Output + "\n" + log)}");
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private (int ExitCode, string Output) Run(string program, params string[] args)
    {
        var command = Command(program, args);
        return Exec(command[0], command.Skip(1));
    }

    private string[] Command(string program, params string[] args)
    {
        var path = Path.Combine(_bin, program);
        return _runuser is null ? [path, .. args] : [_runuser, "-u", _runAs!, "--", path, .. args];
    }

    private static (int ExitCode, string Output) Exec(string file, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // PGDATA, PGPORT and friends from the developer's shell must not steer the test cluster.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("PG", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }

        Process? started;
        try
        {
            started = Process.Start(info);
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"could not run {file}: {e.Message}", e);
        }

        using var process = started ?? throw new InvalidOperationException($"could not run {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(StepTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', info.ArgumentList)} did not finish in {StepTimeout.TotalSeconds} s");
        }

        // The output pipes close when the program exits; pg_ctl's server writes to its log file.
        Task.WaitAll([stdout, stderr], StepTimeout);
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    private static void Check((int ExitCode, string Output) result, string step)
    {
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{step} failed (exit {result.ExitCode}): {Tail(result.Output)}");
        }
    }

    private static string Tail(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Join(" | ", lines.TakeLast(6));
    }
}
