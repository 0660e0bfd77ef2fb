"""Gateway: the only public door — REST API, web pages and sign-in, calling the services over gRPC."""
