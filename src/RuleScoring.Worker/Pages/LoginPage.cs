using Microsoft.AspNetCore.Http;

namespace RuleScoring.Worker.Pages;

/// <summary>The login form: the only form in the console. The key goes in the body of a POST, never in an address.</summary>
internal static class LoginPage
{
    public static IResult Form(string? next, string? error, int status)
    {
        var back = ConsoleAuth.LocalPage(next);
        var body = ConsoleLayout.Main("Sign in to the console",
            (error is null ? "" : $"<p role=\"alert\" class=\"overdue\">{ConsoleLayout.E(error)}</p>\n")
            + "<p>The worker has an API key: enter it to read the console. It is sent once and kept in a cookie as a signature, never as the key.</p>\n"
            + $"<form method=\"post\" action=\"{ConsolePages.Prefix}/login\"><input type=\"hidden\" name=\"next\" value=\"{ConsoleLayout.E(back)}\">"
            + "<p><label for=\"key\">API key</label> <input id=\"key\" name=\"key\" type=\"password\" autocomplete=\"current-password\" required autofocus> "
            + "<button type=\"submit\">Sign in</button></p></form>\n");
        return ConsoleLayout.Page("Sign in", null, body, status, nav: false);
    }
}
