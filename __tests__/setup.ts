import { Testing } from "cdktn";

// Adds cdktn's matchers (toHaveResource, toHaveResourceWithProperties, toHaveDataSource, ...).
Testing.setupJest();

// cdktn records a stack trace wherever a token is made, shown only when a token cannot be resolved;
// under jest every trace is also mapped through the source maps, about half of each synth. cdktn's own
// switch turns them off, as the app does (scripts/app/run.js); CDKTN_DISABLE_CREATION_STACK=0 keeps them.
process.env.CDKTN_DISABLE_CREATION_STACK ??= "1";
