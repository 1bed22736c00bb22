using Elsa.Responses.Cli.Tests.TestSupport;

namespace Elsa.Responses.Cli.Tests;

public sealed class ModelsCommandTests : IDisposable
{
    private readonly FakeServer _server = new();

    [Fact]
    public async Task Models_ServerListsModels_PrintsTheIdsOnePerLineSorted()
    {
        _server.Respond(200, "application/json", Fixtures.Read("models.json"), path: "/v1/models");

        var run = await CliProcess.RunAsync("models", "--base-url", _server.BaseUrl);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("alpha-model\nzeta-model\n", run.Stdout);
        Assert.Equal($"Bearer {CliProcess.ApiKey}", Assert.Single(_server.Requests).RequestMessage!.Headers!["Authorization"].ToString());
    }

    [Fact]
    public async Task Models_BaseUrlFromConnectionFile_ListsTheModels()
    {
        _server.Respond(200, "application/json", Fixtures.Read("models.json"), path: "/v1/models");
        var file = Fixtures.Write($$"""{ "baseUrl": "{{_server.BaseUrl}}/v1" }""");

        var run = await CliProcess.RunAsync("models", "--connection-file", file);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("alpha-model\nzeta-model\n", run.Stdout);
    }

    [Fact]
    public async Task Models_Unauthorized_Exits4WithoutPrintingTheKey()
    {
        _server.Respond(401, "application/json", Fixtures.Read("error-401.json"), path: "/v1/models");

        var run = await CliProcess.RunAsync("models", "--base-url", _server.BaseUrl);

        Assert.True(run.ExitCode == 4, run.ToString());
        Assert.Equal("", run.Stdout);
        Assert.Contains("HTTP 401", run.Stderr);
        Assert.DoesNotContain(CliProcess.ApiKey, run.Stderr);
    }

    [Fact]
    public async Task Models_ConnectionRefused_Exits4()
    {
        var run = await CliProcess.RunAsync("models", "--base-url", FakeServer.ClosedBaseUrl());

        Assert.True(run.ExitCode == 4, run.ToString());
        Assert.Contains("connection", run.Stderr, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Models_NoBaseUrl_Exits2()
    {
        var run = await CliProcess.RunAsync("models");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("--base-url is required", run.Stderr);
    }

    public void Dispose() => _server.Dispose();
}
