from citetrace.cli import main

main()
