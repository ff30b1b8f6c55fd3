// Brings cdktn's jest matcher types (toHaveResource, ...) into the type-check.
import "cdktn/lib/testing/adapters/jest";
