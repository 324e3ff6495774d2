# Security groups of the bastion host and the orders database.

resource "aws_security_group" "bastion" {
  name        = "webshop-prod-bastion"
  description = "SSH to the bastion host"
  vpc_id      = var.vpc_id

  ingress {
    description = "SSH from the office"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = var.admin_cidr
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

# Rules are separate resources (below), not inline blocks.
resource "aws_security_group" "database" {
  name        = "webshop-prod-database"
  description = "PostgreSQL from the API and the bastion"
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "database_from_bastion" {
  security_group_id            = aws_security_group.database.id
  description                  = "PostgreSQL from the bastion"
  referenced_security_group_id = aws_security_group.bastion.id
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
}
