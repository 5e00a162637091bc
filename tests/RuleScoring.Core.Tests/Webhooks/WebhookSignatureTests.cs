using System.Text;
using RuleScoring.Core.Webhooks;

namespace RuleScoring.Core.Tests.Webhooks;

public sealed class WebhookSignatureTests
{
    // The Standard Webhooks reference vector: standard-webhooks/standard-webhooks,
    // libraries/csharp/StandardWebhooks.Tests/WebhookTest.cs, verifyWebhookSignWorks (the same
    // secret, id, timestamp and payload appear in the other languages' test suites there).
    private const string SpecSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string SpecId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long SpecTimestamp = 1614265330;
    private const string SpecPayload = "{\"test\": 2432232314}";
    private const string SpecSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static byte[] SpecKey => WebhookSecret.TryParse(SpecSecret, out var key, out var problem) ? key : throw new InvalidOperationException(problem);

    [Fact]
    public void Sign_SpecTestVector_GivesTheSpecSignature()
    {
        WebhookSignature.Sign(SpecId, SpecTimestamp, SpecPayload, SpecKey).ShouldBe(SpecSignature);
    }

    [Fact]
    public void Verify_SpecTestVector_HoldsAmongOtherSignatures()
    {
        WebhookSignature.Verify(SpecId, "1614265330", SpecPayload, SpecSignature, SpecKey).ShouldBeTrue();
        WebhookSignature.Verify(SpecId, "1614265330", SpecPayload, "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= " + SpecSignature, SpecKey).ShouldBeTrue();
    }

    [Theory]
    [InlineData("msg_other", "1614265330", SpecPayload)]
    [InlineData(SpecId, "1614265331", SpecPayload)]
    [InlineData(SpecId, "1614265330", "{\"test\": 2432232315}")]
    [InlineData(SpecId, "not-a-number", SpecPayload)]
    public void Verify_AnyPartChanged_Fails(string id, string timestamp, string body)
    {
        WebhookSignature.Verify(id, timestamp, body, SpecSignature, SpecKey).ShouldBeFalse();
    }

    [Fact]
    public void Verify_OtherKey_Fails()
    {
        WebhookSignature.Verify(SpecId, "1614265330", SpecPayload, SpecSignature, Encoding.ASCII.GetBytes("another key of twenty-four+")).ShouldBeFalse();
    }

    [Theory]
    [InlineData("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "starts with whsec_")]
    [InlineData("whsec_not base64!", "not base64")]
    [InlineData("whsec_", "not base64")]
    [InlineData("whsec_c2hvcnQ=", "5 bytes")]
    public void SecretTryParse_Malformed_SaysWhy(string text, string why)
    {
        WebhookSecret.TryParse(text, out _, out var problem).ShouldBeFalse();
        problem.ShouldContain(why);
    }
}
