"""Residents' questions on the public ledger: asked without an account about a journal
entry, a project, an operator's month or a compound's statement; released or refused
by an officer (or published automatically after some days unless refused); answered in
public. The asker's contact is private."""
