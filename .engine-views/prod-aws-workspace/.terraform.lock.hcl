# This file is maintained automatically by "tofu init".
# Manual edits may be lost in future updates.

provider "registry.opentofu.org/hashicorp/aws" {
  version     = "6.25.0"
  constraints = "6.25.0"
  hashes = [
    "h1:0lImv5Dj99HKFtBVUKbKR0/prK4dRcYA7lGvpXSUj9A=",
  ]
}

provider "registry.opentofu.org/hashicorp/time" {
  version     = "0.13.1"
  constraints = "0.13.1"
  hashes = [
    "h1:QD0x0A9XKeBZ5UEsWhGlq0GtD2XXW8HfettBClpufPI=",
  ]
}
