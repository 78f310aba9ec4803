print("fapiao-server")
