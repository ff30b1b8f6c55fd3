// Brings cdktf's jest matcher types (toHaveResource, ...) into the type-check.
import "cdktf/lib/testing/adapters/jest";
