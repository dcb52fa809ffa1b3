"""What an office already has, read into the tool's files: a BÁO CÁO in Word becomes a report file (or
brings a leader's corrections back into one), a province's blank form becomes a form file."""
