variable "admin_cidr" {
  description = "CIDR blocks allowed to SSH to the bastion"
  type        = list(string)
  default     = ["0.0.0.0/0"] # deliberately open: see README
}

variable "vpc_id" {
  description = "VPC of the shop"
  type        = string
}
