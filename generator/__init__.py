"""Generator for the ICS health-inequalities transparency site.

Stages, one module each: load -> validate -> stats -> charts -> pages -> publish.
"""
