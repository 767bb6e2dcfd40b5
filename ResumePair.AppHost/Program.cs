Console.WriteLine("launcher: to be written");
