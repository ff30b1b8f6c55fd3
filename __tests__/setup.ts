import { Testing } from "cdktf";

// Adds cdktf's matchers (toHaveResource, toHaveResourceWithProperties, toHaveDataSource, ...).
Testing.setupJest();
