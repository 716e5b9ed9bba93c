from smsbot.cli import main

main()
