"""Generator for the ICS health-inequalities transparency site.

Stages, in the order a build runs them: validate (the package generator.validate) -> load -> compute (every
measure once, generator.compute, with the methods of the package generator.stats) and the site plan (which
pages exist, generator.pages.plan) -> pages (generator.pages, drawing with generator.charts) -> publish.
A build loads no package that has not passed validation.
"""
