"""What several services share of their contracts: the vocabulary of events as the APIs and the stream spell it
(and its protobuf enums), a reader of the stream's events, calendar files. Pure data and formats: no service's
rules and no I/O live here."""
