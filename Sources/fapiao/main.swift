print("fapiao")
