output "bastion_security_group_id" {
  value = aws_security_group.bastion.id
}

output "database_security_group_id" {
  value = aws_security_group.database.id
}
