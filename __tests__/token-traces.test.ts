import { captureStackTrace } from "cdktf/lib/tokens/private/stack-trace";
import { TOKEN_TRACES_VARIABLE, withoutTokenTraces } from "../stacks/token-traces";

describe("synth without token traces", () => {
  afterEach(() => delete process.env[TOKEN_TRACES_VARIABLE]);

  it("records no frames where cdktf captures a token's trace, and restores the limit afterwards", () => {
    const before = Error.stackTraceLimit;
    expect(captureStackTrace().length).toBeGreaterThan(0);
    expect(withoutTokenTraces(() => captureStackTrace())).toEqual([]);
    expect(Error.stackTraceLimit).toBe(before);
    expect(captureStackTrace().length).toBeGreaterThan(0);
  });

  it("keeps an error's message and restores the limit when work throws", () => {
    const before = Error.stackTraceLimit;
    expect(() =>
      withoutTokenTraces(() => {
        throw new Error("guardrail LH-TAGS failed");
      }),
    ).toThrow("guardrail LH-TAGS failed");
    expect(Error.stackTraceLimit).toBe(before);
  });

  it(`keeps every trace with ${TOKEN_TRACES_VARIABLE}=1`, () => {
    process.env[TOKEN_TRACES_VARIABLE] = "1";
    expect(withoutTokenTraces(() => captureStackTrace()).length).toBeGreaterThan(0);
  });
});
