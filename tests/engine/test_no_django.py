import subprocess
import sys


def test_importing_the_engine_imports_no_django_and_no_other_planwatch_package():
    code = (
        "import sys, planwatch.engine, planwatch.engine.compute, planwatch.engine.units\n"
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')\n"
        "             or (m.startswith('planwatch.') and not m.startswith('planwatch.engine')))\n"
        "print('\\n'.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
