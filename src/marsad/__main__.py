"""``python -m marsad``: the same command line as the ``marsad`` script (useful with
``PYTHONPATH`` pointing at another checkout)."""

from marsad.cli import main

if __name__ == "__main__":
    main()
