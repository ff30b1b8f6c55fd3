import { AssertionError } from "node:assert";
import { Testing } from "cdktf";

// Adds cdktf's matchers (toHaveResource, toHaveResourceWithProperties, toHaveDataSource, ...).
Testing.setupJest();

// cdktf records a full stack trace wherever a token is made (every reference, Fn call and lazy
// value), on a plain object, never on an Error. Jest maps every trace through the source maps of the
// transformed files, which was about half of each synth under jest. Those plain-object traces are
// formatted as node does without jest; Errors (what a failing test shows) still go to jest's mapping.
// Node asks this context's Error.prepareStackTrace first and jest installed its own on the host's Error,
// which a host-built class such as node:assert's AssertionError leads to.
const HostError = Object.getPrototypeOf(AssertionError.prototype).constructor as ErrorConstructor;
const jestFormat = HostError.prepareStackTrace;
if (jestFormat && HostError !== Error) {
  Error.prepareStackTrace = (error, frames) =>
    error instanceof Error || (error as object) instanceof HostError ? jestFormat(error, frames) : `Error${frames.map((frame) => `\n    at ${frame}`).join("")}`;
}
