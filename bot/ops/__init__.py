"""Operating a running bot: its start-up banner and decision log, graceful stop on signals,
reaching a server that may not answer, liveness (``newsmod status``) and ``newsmod doctor``."""
