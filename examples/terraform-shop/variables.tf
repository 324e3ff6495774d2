# ACM certificate of the shop's domain, for the HTTPS listener
variable "certificate_arn" {
  type = string
}

# Encrypts the RDS storage; false is a deliberate flaw, see README
variable "encrypt_databases" {
  type    = bool
  default = false
}

# The shop's Application Load Balancer, managed outside this configuration
variable "load_balancer_arn" {
  type = string
}

# Turns on automatic rotation of the application key; false is a deliberate flaw, see README
variable "rotate_keys" {
  type    = bool
  default = false
}

# Target group of the API tasks
variable "target_group_arn" {
  type = string
}

# VPC of the shop, passed on to the network module
variable "vpc_id" {
  type = string
}
