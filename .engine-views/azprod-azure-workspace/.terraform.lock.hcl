# This file is maintained automatically by "tofu init".
# Manual edits may be lost in future updates.

provider "registry.opentofu.org/hashicorp/azurerm" {
  version     = "4.55.0"
  constraints = "4.55.0"
  hashes = [
    "h1:J+RyF7NB2c3qBNwe4Kp/kDJAb5CzXJy7NNOWgdhY7Fc=",
  ]
}
