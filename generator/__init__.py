"""Generator for the ICS health-inequalities transparency site.

Stages, in the order a build runs them: validate (the package generator.validate) -> load -> stats ->
charts -> pages -> publish. A build loads no package that has not passed validation.
"""
